/**
 * The budgets `perfgate init` starts a project with: Core Web Vitals' "good" limits (and
 * Lighthouse's for the lab metrics without a field counterpart) as error levels, a margin below them
 * as warnings, so that a page warns before it leaves "good".
 */
export const STARTER_BUDGETS = {
  $schema: './node_modules/perfgate/schema/budgets.schema.json',
  budgets: [
    {
      path: '/*',
      timings: {
        // Core Web Vitals: LCP good up to 2.5 s, CLS up to 0.1.
        'largest-contentful-paint': { warn: 2000, error: 2500 },
        'cumulative-layout-shift': { warn: 0.08, error: 0.1 },
        // INP has no lab value on a page load; TBT is its lab proxy (Lighthouse: good up to 200 ms).
        'total-blocking-time': { warn: 150, error: 200 },
        // Lighthouse's "good" FCP (1.8 s) and Speed Index (3.4 s) on mobile.
        'first-contentful-paint': { warn: 1500, error: 1800 },
        'speed-index': { warn: 2900, error: 3400 },
      },
      scores: { performance: { warn: 0.95, error: 0.9 } },
    },
  ],
  // The p75 of real users (perfgate compare), at the Core Web Vitals' own "good" limits.
  field: {
    LCP: { warn: 2000, error: 2500 },
    INP: { warn: 150, error: 200 },
    CLS: { warn: 0.08, error: 0.1 },
  },
} as const;
