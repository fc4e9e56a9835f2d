import type { Throttling } from './config/model.js';
import type { FormFactor } from './types.js';

/**
 * Lighthouse's throttling of each form factor preset: its constants `mobileSlow4G` (the default
 * settings) and `desktopDense4G` (the desktop preset), the same in 12.6 and 13.x. Kept as data so that
 * reports need no Lighthouse module; a test compares them with the installed Lighthouse.
 */
export const PRESET_THROTTLING = {
  // Written as Lighthouse writes them, so that the numbers are the same to the last bit.
  mobile: {
    rttMs: 150,
    throughputKbps: 1.6 * 1024,
    requestLatencyMs: 150 * 3.75,
    downloadThroughputKbps: 1.6 * 1024 * 0.9,
    uploadThroughputKbps: 750 * 0.9,
    cpuSlowdownMultiplier: 4,
  },
  desktop: { rttMs: 40, throughputKbps: 10240, cpuSlowdownMultiplier: 1, requestLatencyMs: 0, downloadThroughputKbps: 0, uploadThroughputKbps: 0 },
} as const satisfies Record<FormFactor, Required<Throttling>>;
