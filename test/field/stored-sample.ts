import type { StoredSample } from '../../src/field/store.js';

let n = 0;

/** A stored sample as the handler makes one: an LCP of 1 s on home from a phone's Chrome, received at `receivedAt`; each with its own metric id. */
export const storedSample = (receivedAt: number, partial: Partial<StoredSample> = {}): StoredSample => ({
  metricId: `v5-${++n}`,
  name: 'LCP',
  value: 1000,
  delta: 1000,
  rating: 'good',
  navigationType: 'navigate',
  page: 'home',
  release: 'v1',
  device: 'mobile',
  browser: 'Chrome',
  connection: '4g',
  receivedAt,
  ...partial,
});
