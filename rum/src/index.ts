import { onCLS, onFCP, onINP, onLCP, onTTFB } from 'web-vitals';
import { start, type RumOptions, type Vitals } from './start.js';

export type { RumOptions } from './start.js';
export type { Beacon, BeaconMetric } from '../../src/field/wire.js';

/** Starts field measurement with the standard web-vitals build (see RumOptions). */
export function startRum(options: RumOptions): void {
  start(options, [onLCP, onCLS, onINP, onFCP, onTTFB] as unknown as Vitals);
}
