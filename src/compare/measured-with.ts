import type { Environment } from '../results.js';
import type { FormFactor } from '../types.js';

/** A throttling value as people write it: at most two decimals (Lighthouse's 1474.5600000000002 is 1474.56). */
const n = (value: number | undefined) => (value === undefined ? '?' : String(Math.round(value * 100) / 100));

/** The throttling values that matter to each of Lighthouse's methods, in words (rules as data). */
const WORDS: Record<string, (t: Record<string, number>) => string> = {
  simulate: (t) => `simulated throttling (CPU ${n(t.cpuSlowdownMultiplier)}x, RTT ${n(t.rttMs)} ms, ${n(t.throughputKbps)} Kbit/s)`,
  devtools: (t) =>
    // Devtools reads 0 as "not throttled" (Lighthouse's desktop preset gives 0 for all three).
    t.requestLatencyMs === 0 && t.downloadThroughputKbps === 0 && t.uploadThroughputKbps === 0
      ? `devtools throttling (CPU ${n(t.cpuSlowdownMultiplier)}x, network not throttled)`
      : `devtools throttling (CPU ${n(t.cpuSlowdownMultiplier)}x, latency ${n(t.requestLatencyMs)} ms, ${n(t.downloadThroughputKbps)}/${n(t.uploadThroughputKbps)} Kbit/s down/up)`,
  provided: () => 'no throttling',
};

/**
 * The Lighthouse settings runs were measured with that change what a metric measures, in words: the
 * form factor, the throttling (the values its method reads), with `shown.screen` (when both sides
 * recorded it) the emulated screen and with `shown.userAgent` (when both recorded it and it
 * differs: a whole user agent is long) the user agent. Two sides are compared only when these are
 * the same. null when the runs do not say (results of a version that did not record them).
 */
export function measuredWith(
  formFactor: FormFactor | null,
  environment: Pick<Environment, 'throttlingMethod' | 'throttling' | 'screen' | 'userAgent'> | undefined,
  shown: { screen?: boolean; userAgent?: boolean } = {},
): string | null {
  const method = environment?.throttlingMethod ?? null;
  const words = method !== null ? WORDS[method] : undefined;
  if (formFactor === null || !words || !environment?.throttling) return null;
  const emulated = environment.screen;
  const size =
    !shown.screen || !emulated
      ? ''
      : emulated.disabled
        ? ', no screen emulation'
        : `, ${emulated.width} x ${emulated.height} at ${emulated.deviceScaleFactor}x`;
  const agent = environment.userAgent;
  const sent = !shown.userAgent || agent === undefined ? '' : agent === false ? ", Chrome's own user agent" : `, user agent "${agent}"`;
  return `${formFactor}${size}, ${words(environment.throttling)}${sent}`;
}
