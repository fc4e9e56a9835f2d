import { DEFAULT_COMPARISON, type BudgetRule } from '../../src/config/model.js';
import { judgeRun } from '../../src/judge-run.js';
import type { RunSample } from '../../src/metrics.js';
import type { LcpElement } from '../../src/types.js';
import { compareLabField } from '../../src/lab-vs-field.js';
import type { SummaryRow, TargetRow } from '../../src/field/summary.js';
import { summarizePage, type PageResult, type Results } from '../../src/results.js';
import type { MetricId, Verdict } from '../../src/types.js';

/** Budgets of the review cases: the defaults of budgets.json for timings and the performance score. */
export const RULES: BudgetRule[] = [
  {
    path: '/',
    timings: {
      'first-contentful-paint': { warn: 1800, error: 2500 },
      'largest-contentful-paint': { warn: 2500, error: 4000 },
      'total-blocking-time': { warn: 300, error: 600 },
      'cumulative-layout-shift': { warn: 0.1, error: 0.25 },
    },
    scores: { performance: { warn: null, error: 0.9 } },
    resourceSizes: { script: { warn: 250_000, error: 350_000 } },
    resourceCounts: {},
  },
];

/** The review cases' budgets with a user timing: the hero image's mark, budgeted and compared with the base. */
const TIMED_RULES: BudgetRule[] = RULES.map((rule) => ({
  ...rule,
  audits: { 'user-timings:hero-rendered': { maxNumericValue: { warn: 1500, error: 2500 } } },
}));

type Runs = Partial<Record<MetricId, number[]>>;

/** The LCP element of the example shop's pages, unless a case says otherwise. */
const LEAD: LcpElement = { selector: 'main > p.lead', label: 'Fast shoes for every trail, shipped the next day' };

function samples(runs: Runs, score: number, scriptBytes: number, hero?: number[], lcp: LcpElement = LEAD): RunSample[] {
  // Each build names its bundle by a hash of its bytes.
  const scriptHash = `B${scriptBytes.toString(36)}${(runs['total-blocking-time']?.[0] ?? 0) > 100 ? 'x9' : 'k2'}`.padEnd(8, '0');
  const count = Math.max(...Object.values(runs).map((v) => v.length));
  return Array.from({ length: count }, (_, i) => ({
    ...(hero ? { audits: { 'user-timings:hero-rendered': { score: null, numericValue: hero[i] as number, numericUnit: 'millisecond', items: null } } } : {}),
    lighthouseVersion: '12.6.1',
    requestedUrl: '',
    finalUrl: '',
    fetchTime: '2026-11-22T00:00:00.000Z',
    runtimeError: null,
    metrics: Object.fromEntries(Object.entries(runs).map(([id, values]) => [id, values[i]])),
    scores: { performance: score },
    resources: { script: { bytes: scriptBytes, requests: 3 }, total: { bytes: scriptBytes * 3, requests: 12 } },
    // Blocking time comes from scripts: their evaluation grows with it.
    clues: {
      lcpElement: lcp,
      mainThread: { scriptEvaluation: 250 + 2 * (runs['total-blocking-time']?.[i] ?? 0), styleLayout: 120 + (i % 3), other: 80 },
      // The layout shift is the banner's, pushed down by an image without dimensions.
      shifts: runs['cumulative-layout-shift']?.[i]
        ? [{ selector: 'main > div.banner', label: 'Free shipping this week', score: runs['cumulative-layout-shift'][i] }]
        : [],
      // The app's bundle (its name hashed by the build) does most of the blocking, and a chat widget comes with it; the analytics script stays.
      scripts: {
        [`/assets/app-${scriptHash}.js`]: 200 + 2 * (runs['total-blocking-time']?.[i] ?? 0),
        'https://cdn.example.net/analytics.js': 90,
        '(page)': 60,
        ...((runs['total-blocking-time']?.[i] ?? 0) > 100 ? { 'https://widgets.example.net/chat.js': 150 } : {}),
      },
    },
    environment: { benchmarkIndex: 1000 + i, hostUserAgent: '', formFactor: 'mobile', throttlingMethod: 'simulate', throttling: null },
  }));
}

/** A field summary row of all devices, its p50 and p95 around the p75. */
export const fieldRow = (page: string, metric: SummaryRow['metric'], p75: number, count = 100): SummaryRow => ({
  page,
  metric,
  device: 'all',
  count,
  p50: p75 * 0.8,
  p75,
  p95: p75 * 1.5,
});

function page(name: string, url: string, runs: Runs, score = 0.95, scriptBytes = 120_000, hero?: number[], lcp?: LcpElement): PageResult {
  const result = summarizePage({
    name,
    url,
    runs: Math.max(...Object.values(runs).map((v) => v.length)),
    samples: samples(runs, score, scriptBytes, hero, lcp),
    error: null,
  });
  result.reports = { json: `reports/${name}.report.json`, html: `reports/${name}.report.html` };
  return result;
}

const fast: Runs = {
  'first-contentful-paint': [900, 950, 920, 910, 940],
  'largest-contentful-paint': [1200, 1250, 1220, 1210, 1240],
  'total-blocking-time': [40, 60, 50, 45, 55],
  'cumulative-layout-shift': [0, 0, 0, 0, 0],
  interactive: [1500, 1550, 1520, 1510, 1540],
  'speed-index': [1000, 1050, 1020, 1010, 1040],
};
const shifted = (runs: Runs, by: Partial<Record<MetricId, number>>): Runs =>
  Object.fromEntries(Object.entries(runs).map(([id, values]) => [id, values.map((v) => v + (by[id as MetricId] ?? 0))]));
/** n runs: the given ones again and again, each round 1 ms later (distinct values, the same spread). */
const stretch = (runs: Runs, n: number): Runs =>
  Object.fromEntries(
    Object.entries(runs).map(([id, values]) => [
      id,
      Array.from({ length: n }, (_, i) => (values[i % values.length] as number) + (id === 'cumulative-layout-shift' ? 0 : Math.floor(i / values.length))),
    ]),
  );
const take = (runs: Runs, n: number): Runs => Object.fromEntries(Object.entries(runs).map(([id, values]) => [id, values.slice(0, n)]));

/** A bundle's size verdict (app JS, brotli, passing), with the fields given. */
export const bundleVerdict = (fields: Partial<Verdict> = {}): Verdict => ({
  page: 'app JS',
  kind: 'bundle',
  id: 'bundle:size',
  label: 'Size (brotli)',
  unit: 'bytes',
  operator: '<=',
  warn: 150_000,
  error: 170_000,
  actual: 148_200,
  values: [148_200],
  status: 'pass',
  ...fields,
});

const BUNDLES: Verdict[] = [bundleVerdict({ message: '2 files' })];

const ENVIRONMENT = {
  chromeVersion: 'HeadlessChrome/156.0.8078.79',
  nodeVersion: 'v20.20.2',
  formFactor: 'mobile' as const,
  throttlingMethod: 'simulate',
  throttling: null,
  benchmarkIndex: 1002,
};

function results(
  pages: PageResult[],
  base?: PageResult[],
  extra: Verdict[] = [],
  maxIncrease: typeof DEFAULT_COMPARISON.maxIncrease = {},
  baseIndex = 1002,
  rules = RULES,
): Results {
  const baseResults = base
    ? {
        ...results(base, undefined, [], {}, 1002, rules),
        createdAt: '2026-11-21T00:00:00.000Z',
        commit: '3f2c1a9e8b7d6c5f4e3d2c1b0a9f8e7d6c5b4a39',
        environment: { ...ENVIRONMENT, benchmarkIndex: baseIndex },
      }
    : null;
  return judgeRun({
    pages,
    budgets: { rules, comparison: { ...DEFAULT_COMPARISON, maxIncrease } },
    verdicts: [...BUNDLES, ...extra],
    base: baseResults,
    environment: ENVIRONMENT,
    runsPerPage: Math.max(...pages.map((p) => p.runs)),
    createdAt: '2026-11-22T00:00:00.000Z',
    version: '0.1.0',
  });
}

/** Noisy runs around an LCP of `lcp` (±15 %, alternately), everything else as `fast`. */
const noisy = (lcp: number, n: number): Runs => ({
  ...stretch(fast, n),
  'largest-contentful-paint': Array.from({ length: n }, (_, i) => lcp * (1 + (((i * 7) % 11) - 5) * 0.03) + i),
});

/** Side by side: each page gets its base's runs, the order base, head, head, base, ..., and the sampling plan; a page without a base is new in the pull request, one with 'same files' loads the same files from both builds. */
function sideBySide(
  heads: PageResult[],
  bases: Array<PageResult | null | 'off-site' | 'same files'>,
  stopped: 'clear' | 'maxRuns',
  maxIncrease: typeof DEFAULT_COMPARISON.maxIncrease = {},
  rules = RULES,
): Results {
  const pages = heads.map((head, i): PageResult => {
    const base = bases[i];
    if (base === 'off-site') return head;
    if (base === 'same files') return { ...head, identicalBase: { files: 4, bytes: 12_702, sha256: '7cd249d44c4e'.padEnd(64, '0') } };
    if (!base) return { ...head, notInBase: { baseUrl: head.url.replace('https://shop.example.com', 'http://127.0.0.1:4174'), status: 404 } };
    const order = Array.from({ length: head.measuredRuns }, (_, r) => (r % 2 === 0 ? ['base', 'head'] : ['head', 'base'])).flat() as Array<'base' | 'head'>;
    return { ...head, base: { ...base, reports: null }, order, sampling: { minRuns: 5, maxRuns: 15, stopped } };
  });
  return results(pages, undefined, [], maxIncrease, 1002, rules);
}

const home = (runs: Runs = fast, score?: number, script?: number) => page('home', 'https://shop.example.com/', runs, score, script);
const checkout = (runs: Runs = fast) => page('checkout', 'https://shop.example.com/checkout/', runs);

/** The review cases, each rendered to a golden file test/report/golden/<name>.md. */
export const CASES: Record<string, () => Results> = {
  pass: () => results([home(), checkout()], [home(), checkout()]),
  warn: () =>
    results(
      [home(shifted(fast, { 'largest-contentful-paint': 1500 }), 0.95, 260_000), checkout()],
      [home(shifted(fast, { 'largest-contentful-paint': 1500 })), checkout()],
    ),
  // With a bundle over its limit whose budget has words for that (size-limit's message), and a passing one whose words are not shown.
  fail: () =>
    results([home(shifted(fast, { 'total-blocking-time': 700 }), 0.62)], undefined, [
      bundleVerdict({
        page: 'vendor JS',
        actual: 182_400,
        values: [182_400],
        status: 'fail',
        message: '3 files',
        note: 'Ask #web-perf before raising this limit (docs/bundles.md)',
      }),
      bundleVerdict({ page: 'CSS', note: 'not shown: this bundle passes' }),
    ]),
  'page-error': () => {
    const broken = summarizePage({
      name: 'search',
      url: 'https://shop.example.com/search/',
      runs: 5,
      samples: [],
      error: { code: 'ERRORED_DOCUMENT_REQUEST', message: 'Lighthouse was unable to reliably load the page you requested. (Status code: 500)' },
    });
    broken.retries = [{ run: 1, error: { code: 'ERRORED_DOCUMENT_REQUEST', message: '500' } }];
    return results([home(), broken]);
  },
  regression: () =>
    results(
      [home(stretch(shifted(fast, { 'largest-contentful-paint': 400, 'total-blocking-time': 20 }), 8)), checkout(stretch(fast, 8))],
      [home(stretch(fast, 8)), checkout(stretch(fast, 8))],
      [],
      { 'largest-contentful-paint': { warn: 0.1, error: 0.2 } },
    ),
  improvement: () =>
    results(
      [home(stretch(fast, 8)), checkout(stretch(fast, 8))],
      [home(stretch(shifted(fast, { 'largest-contentful-paint': 600, 'first-contentful-paint': 300 }), 8)), checkout(stretch(fast, 8))],
    ),
  'stored-base-warning': () => results([home(), checkout()], [home(), checkout()], [], {}, 1180),
  // checkout was added to pages.json after the stored results were made.
  'stored-base-new-page': () => results([home(), checkout()], [home()]),
  'side-by-side-pass': () => sideBySide([home(), checkout()], [home(), checkout()], 'clear'),
  // The pull request's home page gains a hero image, which becomes its LCP element.
  'side-by-side-regression': () =>
    sideBySide(
      [
        page('home', 'https://shop.example.com/', stretch(shifted(fast, { 'largest-contentful-paint': 400 }), 7), 0.95, 120_000, undefined, {
          selector: 'main > img.hero',
          label: 'Runner on a mountain trail',
        }),
        checkout(),
      ],
      [home(stretch(fast, 7)), checkout()],
      'clear',
      { 'largest-contentful-paint': { warn: 0.1, error: 0.2 } },
    ),
  // The pull request's checkout page runs 300 ms more script: its blocking time regresses.
  'side-by-side-blocking': () =>
    sideBySide([home(), checkout(stretch(shifted(fast, { 'total-blocking-time': 300 }), 7))], [home(), checkout(stretch(fast, 7))], 'clear'),
  // The pull request's checkout page gains a banner that an image without dimensions pushes down.
  'side-by-side-layout-shift': () =>
    sideBySide([home(), checkout(stretch(shifted(fast, { 'cumulative-layout-shift': 0.12 }), 7))], [home(), checkout(stretch(fast, 7))], 'clear'),
  // The pull request's home page marks its hero image 280 ms later; every metric is the base's, and checkout's mark too.
  'side-by-side-user-timing': () => {
    const hero = (at: number, n: number) => Array.from({ length: n }, (_, i) => at + ((i * 7) % 11) * 3);
    const shop = (at: number, n: number) => page('home', 'https://shop.example.com/', stretch(fast, n), 0.95, 120_000, hero(at, n));
    const pay = (at: number) => page('checkout', 'https://shop.example.com/checkout/', fast, 0.95, 120_000, hero(at, 5));
    return sideBySide([shop(1_280, 7), pay(900)], [shop(1_000, 7), pay(900)], 'clear', {}, TIMED_RULES);
  },
  // The pull request adds the checkout page: the base's build has none, so it is measured alone.
  'side-by-side-new-page': () => sideBySide([home(), checkout()], [home(), null], 'clear'),
  // The docs page has a full URL on another host: side by side, it has no base's build and is measured alone.
  'side-by-side-same-files': () => sideBySide([home(), checkout()], ['same files', checkout()], 'clear'),
  'side-by-side-all-same-files': () => sideBySide([home(), checkout()], ['same files', 'same files'], 'clear'),
  'side-by-side-off-site': () => sideBySide([home(), page('docs', 'https://docs.example.com/', fast)], [home(), 'off-site'], 'clear'),
  'side-by-side-inconclusive': () =>
    sideBySide(
      [home(noisy(1_190, 15)), checkout(stretch(shifted(fast, { 'largest-contentful-paint': 1_275 }), 15))],
      [home(noisy(1_150, 15)), checkout(stretch(shifted(fast, { 'largest-contentful-paint': 1_275 }), 15))],
      'maxRuns',
    ),
  inconclusive: () =>
    results([home(take(shifted(fast, { 'largest-contentful-paint': 400 }), 2))], [home(take(fast, 2))], [], {
      'largest-contentful-paint': { warn: 0.1, error: 0.2 },
    }),
  // 5 runs per side over 8 comparisons: Holm cannot confirm a clear shift, but the interval says where it lies.
  'inconclusive-interval': () =>
    results([home(shifted(fast, { 'largest-contentful-paint': 400 })), checkout()], [home(), checkout()], [], {
      'largest-contentful-paint': { warn: 0.1, error: 0.2 },
    }),
  'no-base': () => results([home(), checkout(shifted(fast, { 'cumulative-layout-shift': 0.12 }))]),
  // perfgate compare with the attribution build's targets: on the home page most users get the hero image as their LCP, not the lab's paragraph.
  'field-causes': () => {
    const lab = results([home(), checkout()]);
    const target = (
      page: string,
      metric: TargetRow['metric'],
      target: string,
      count: number,
      total: number,
      p75: number,
      phases: TargetRow['phases'] = null,
    ): TargetRow => ({
      page,
      metric,
      target,
      count,
      share: count / total,
      p75,
      phases,
    });
    const field = compareLabField(
      lab,
      [fieldRow('home', 'LCP', 2_940, 1_204), fieldRow('home', 'INP', 310, 880), fieldRow('home', 'CLS', 0.14, 1_204), fieldRow('checkout', 'LCP', 1_650, 402)],
      50,
      [
        target('home', 'LCP', 'html>body>main>img.hero', 861, 1_180, 3_120),
        target('home', 'LCP', 'html>body>main>p.lead', 297, 1_180, 1_480),
        target('home', 'LCP', '(other)', 22, 1_180, 2_200),
        target('home', 'INP', 'button#add-to-cart', 402, 610, 360, { inputDelay: 42, processingDuration: 236, presentationDelay: 61 }),
        target('home', 'INP', 'html>body>header>nav>a.menu', 208, 610, 140, { inputDelay: 18, processingDuration: 71, presentationDelay: 40 }),
        target('home', 'CLS', 'html>body>main>div.banner', 512, 530, 0.18),
        target('home', 'CLS', 'html>body>footer', 18, 530, 0.03),
        target('checkout', 'LCP', 'html>body>main>p.lead', 380, 380, 1_650),
      ],
    );
    return { ...lab, field };
  },
  // Side by side asked for (--base-dir), but the base's build holds the same bytes: measured once.
  'identical-base': () => ({ ...results([home(), checkout()]), identicalBase: { files: 14, bytes: 182_417, sha256: '3f2c1a9e8b7d'.padEnd(64, '0') } }),
};
