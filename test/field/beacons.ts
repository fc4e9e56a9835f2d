import type { Beacon, BeaconMetric } from '../../src/field/wire.js';

let counter = 0;

/** A valid metric sample with a fresh id. */
export function metric(partial: Partial<BeaconMetric> = {}): BeaconMetric {
  counter++;
  return {
    name: 'LCP',
    value: 1200 + counter,
    delta: 1200 + counter,
    id: `v5-1700000000000-${counter}-${Math.random().toString(36).slice(2)}`,
    rating: 'good',
    navigationType: 'navigate',
    page: 'home',
    ...partial,
  };
}

/** A valid batch. */
export function beacon(
  metrics: BeaconMetric[] = [metric(), metric({ name: 'CLS', value: 0.05, delta: 0.05 }), metric({ name: 'INP', value: 120, delta: 120 })],
  extra: Partial<Beacon> = {},
): Beacon {
  return { v: 1, release: 'v1.2.3', connection: '4g', deviceMemory: 8, metrics, ...extra };
}

export const CHROME_UA = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36';
export const DESKTOP_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36';
