import type { Verdict } from '../../src/types.js';

/** A page's LCP budget (2.5 s / 4 s) as its verdict, failing at 4.2 s unless told otherwise. */
export const lcpVerdict = (over: Partial<Verdict> = {}): Verdict => ({
  page: 'home',
  kind: 'timing',
  id: 'largest-contentful-paint',
  label: 'LCP',
  unit: 'ms',
  operator: '<=',
  warn: 2500,
  error: 4000,
  actual: 4200,
  values: [4100, 4200, 4300],
  status: 'fail',
  ...over,
});
