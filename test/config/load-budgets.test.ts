import { describe, expect, it } from 'vitest';
import { parseBudgets } from '../../src/config/load-budgets.js';
import { UserError } from '../../src/errors.js';
import { fixOf, userErrorOf } from '../helpers.js';

const FILE = '/project/budgets.json';

const problem = (data: unknown) => userErrorOf(() => parseBudgets(data, FILE), UserError) as UserError;

describe('parseBudgets (perfgate format)', () => {
  it('normalizes numbers, sizes and single levels', () => {
    const config = parseBudgets(
      {
        budgets: [
          {
            path: '/*',
            timings: { 'largest-contentful-paint': { warn: 2500, error: 4000 }, 'total-blocking-time': 600 },
            scores: { performance: { warn: 0.95, error: 0.9 }, accessibility: 0.9 },
            resourceSizes: { script: { warn: '250 kB', error: '350 kB' }, image: '1 MB', font: '300 KiB' },
            resourceCounts: { 'third-party': { warn: 10 } },
          },
        ],
      },
      FILE,
    );
    expect(config.format).toBe('perfgate');
    expect(config.budgets[0]).toEqual({
      path: '/*',
      timings: { 'largest-contentful-paint': { warn: 2500, error: 4000 }, 'total-blocking-time': { warn: null, error: 600 } },
      scores: { performance: { warn: 0.95, error: 0.9 }, accessibility: { warn: null, error: 0.9 } },
      resourceSizes: { script: { warn: 250_000, error: 350_000 }, image: { warn: null, error: 1_000_000 }, font: { warn: null, error: 307_200 } },
      resourceCounts: { 'third-party': { warn: 10, error: null } },
    });
  });

  it('reads audit budgets: per audit, limits of its score (a minimum), numeric value and number of items', () => {
    const config = parseBudgets(
      { budgets: [{ path: '/*', audits: { 'dom-size': { maxNumericValue: { warn: 800, error: 1400 }, maxLength: 3 }, 'document-title': { minScore: 1 } } }] },
      FILE,
    );
    expect(config.budgets[0]?.audits).toEqual({
      'dom-size': { maxNumericValue: { warn: 800, error: 1400 }, maxLength: { warn: null, error: 3 } },
      'document-title': { minScore: { warn: null, error: 1 } },
    });
  });

  it('reads user timing budgets as budgets of the user-timings audit, named in kebab case as Lighthouse CI matches them', () => {
    const config = parseBudgets({ budgets: [{ path: '/*', userTimings: { 'Hero Rendered': { warn: 1500, error: 2500 }, appBoot: 400 } }] }, FILE);
    expect(config.budgets[0]?.audits).toEqual({
      'user-timings:hero-rendered': { maxNumericValue: { warn: 1500, error: 2500 } },
      'user-timings:app-boot': { maxNumericValue: { warn: null, error: 400 } },
    });
  });

  it('defaults a missing path to every page', () => {
    expect(parseBudgets({ budgets: [{ timings: { interactive: 5000 } }] }, FILE).budgets[0]?.path).toBe('/');
  });

  it.each([
    ['an empty list', { budgets: [] }, 'budgets: is empty', 'list at least one entry'],
    ['an unknown top-level key', { budget: [] }, 'unknown key "budget"', 'did you mean "budgets"?'],
    ['a metric alias', { budgets: [{ timings: { lcp: 2500 } }] }, 'budgets[0].timings.lcp: unknown key "lcp"', 'did you mean "largest-contentful-paint"?'],
    ['a typo in a metric', { budgets: [{ timings: { 'speed-idex': 1 } }] }, 'unknown key "speed-idex"', 'did you mean "speed-index"?'],
    [
      'an unknown resource type',
      { budgets: [{ resourceSizes: { scripts: '1 kB' } }] },
      'resourceSizes.scripts: unknown key "scripts"',
      'did you mean "script"?',
    ],
    [
      'an unknown category',
      { budgets: [{ scores: { perf: 0.9 } }] },
      'scores.perf: unknown key "perf"',
      'allowed keys here: performance, accessibility, best-practices, seo',
    ],
    ['a negative limit', { budgets: [{ timings: { interactive: -5 } }] }, 'timings.interactive: found -5, must be >= 0', 'limits cannot be negative'],
    [
      'a negative warn level',
      { budgets: [{ timings: { interactive: { warn: -1, error: 5 } } }] },
      'timings.interactive.warn: found -1',
      'limits cannot be negative',
    ],
    [
      'a score above 1',
      { budgets: [{ scores: { performance: 90 } }] },
      'scores.performance: found 90, must be <= 1',
      'scores go from 0 to 1: write 0.9 for 90',
    ],
    [
      'an unparseable size',
      { budgets: [{ resourceSizes: { script: '250 kilobytes' } }] },
      'resourceSizes.script: found "250 kilobytes", which is not a size',
      'like "250 kB"',
    ],
    [
      'a timing given as a string',
      { budgets: [{ timings: { interactive: '5 s' } }] },
      'timings.interactive: found "5 s", expected number or object',
      'write a number (the error level), or { "warn": ..., "error": ... }',
    ],
    ['an empty limits object', { budgets: [{ timings: { interactive: {} } }] }, 'timings.interactive: is empty', 'give "warn", "error" or both'],
    ['an unknown limits key', { budgets: [{ timings: { interactive: { max: 1 } } }] }, 'unknown key "max"', 'allowed keys here: warn, error'],
    [
      'warn above error',
      { budgets: [{ timings: { interactive: { warn: 6000, error: 5000 } } }] },
      'timings.interactive: warn (6000) is above error (5000)',
      'swap the two values',
    ],
    [
      'warn above error in sizes',
      { budgets: [{ resourceSizes: { total: { warn: '3 MB', error: '2 MB' } } }] },
      'warn (3 MB) is above error (2 MB)',
      'swap the two values',
    ],
    [
      'a score warn below error',
      { budgets: [{ scores: { seo: { warn: 0.5, error: 0.9 } } }] },
      'scores.seo: warn (0.5) is below error (0.9)',
      'swap the two values',
    ],
    [
      'a path without a slash',
      { budgets: [{ path: 'checkout' }] },
      'budgets[0].path: "checkout": a path pattern must start with "/"',
      'write a pattern like "/*", "/blog/*" or "/checkout$"',
    ],
    ['two wildcards', { budgets: [{ path: '/*/a*' }] }, 'may contain only one "*"', 'write a pattern like "/*"'],
    ['a dollar sign inside', { budgets: [{ path: '/a$b' }] }, '"$" may only end a path pattern', 'write a pattern like "/*"'],
    ['a string instead of an object', 'budgets', '(root): found "budgets", expected object', 'write an object: { ... }'],
    [
      'a metric under audits',
      { budgets: [{ audits: { 'largest-contentful-paint': { maxNumericValue: 2500 } } }] },
      'audits.largest-contentful-paint: "largest-contentful-paint" is not an audit budget here',
      'a timing: write it under "timings"',
    ],
    [
      'resource weights under audits',
      { budgets: [{ audits: { 'resource-summary': { maxNumericValue: 1 } } }] },
      'audits.resource-summary',
      'write them under "resourceSizes" and "resourceCounts"',
    ],
    ['a category under audits', { budgets: [{ audits: { 'categories:seo': { minScore: 1 } } }] }, 'audits.categories:seo', 'write it under "scores"'],
    ['an audit id with spaces', { budgets: [{ audits: { 'Dom Size': { maxNumericValue: 1 } } }] }, 'audits.Dom Size', 'like "uses-text-compression"'],
    [
      'a user timing under audits',
      { budgets: [{ audits: { 'user-timings:hero': { maxNumericValue: 1 } } }] },
      'audits.user-timings:hero',
      'write it under "userTimings"',
    ],
    [
      'two names of one user timing',
      { budgets: [{ userTimings: { 'app boot': 1, 'App-Boot': 2 } }] },
      'userTimings.App-Boot: names the same user timing as another key (app-boot)',
      'keep one of them',
    ],
    ['a user timing name without a letter', { budgets: [{ userTimings: { '--': 1 } }] }, 'userTimings.--: "--" holds no letter or digit', 'performance.mark()'],
    [
      'a user timing that is not a time',
      { budgets: [{ userTimings: { hero: '2 kB' } }] },
      'userTimings.hero: found "2 kB", expected number or object',
      'write a number (the error level)',
    ],
    ['a typo in an option', { budgets: [{ audits: { 'dom-size': { maxLenght: 3 } } }] }, 'audits.dom-size.maxLenght: unknown key', 'did you mean "maxLength"?'],
    ['a score above 1', { budgets: [{ audits: { 'dom-size': { minScore: 2 } } }] }, 'audits.dom-size.minScore: found 2, must be <= 1', 'write 0.02 for 2'],
    [
      'an audit without options',
      { budgets: [{ audits: { 'dom-size': {} } }] },
      'audits.dom-size: is empty',
      'give "minScore", "maxNumericValue" or "maxLength"',
    ],
  ])('rejects %s with the file, the key and a fix', (_, data, what, fix) => {
    const error = problem(data);
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain(FILE);
    expect(error.message).toContain(what);
    expect(fix).not.toBe('');
    expect(error.message).toContain(fix);
  });
});

describe('parseBudgets (a LightWallet list inside perfgate format)', () => {
  const lightWallet = {
    path: '/*',
    timings: [
      { metric: 'largest-contentful-paint', budget: 2500 },
      { metric: 'interactive', budget: 5000 },
    ],
    resourceSizes: [{ resourceType: 'script', budget: 125 }],
    resourceCounts: [{ resourceType: 'third-party', budget: 10 }],
  };

  it('says, per list, how budgets.json writes the same limits, and writing that reads as the LightWallet array does', () => {
    const error = problem({ budgets: [lightWallet] });
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain(FILE);
    const written: Record<string, unknown> = { path: '/*' };
    for (const key of ['timings', 'resourceSizes', 'resourceCounts']) {
      expect(error.message).toContain(`budgets[0].${key}: found a list, expected object`);
      const fix = new RegExp(
        `budgets\\[0\\]\\.${key}: .*\\n\\s+fix: that is a LightWallet budget's list .*budgets\\.json writes "${key}": (\\{[^}]*\\}), or make the whole file the LightWallet array`,
      ).exec(error.message);
      expect(fix, key).not.toBeNull();
      written[key] = JSON.parse(fix?.[1] ?? 'null');
    }
    expect(written.resourceSizes).toEqual({ script: '125 KiB' });
    expect(parseBudgets({ budgets: [written] }, FILE).budgets).toEqual(parseBudgets([lightWallet], FILE).budgets);
  });

  it('writes a misspelled or short name as the one budgets.json takes, and that reads as the LightWallet array does', () => {
    const typed = {
      path: '/*',
      timings: [
        { metric: 'lcp', budget: 2500 },
        { metric: 'intractive', budget: 5000 },
      ],
      resourceSizes: [{ resourceType: 'scripts', budget: 125 }],
    };
    const error = problem({ budgets: [typed] });
    const written: Record<string, unknown> = { path: '/*' };
    for (const key of ['timings', 'resourceSizes'])
      written[key] = JSON.parse(new RegExp(`budgets\\.json writes "${key}": (\\{[^}]*\\})`).exec(error.message)?.[1] ?? 'null');
    expect(written).toEqual({ path: '/*', timings: { 'largest-contentful-paint': 2500, interactive: 5000 }, resourceSizes: { script: '125 KiB' } });
    const meant = { ...lightWallet, resourceCounts: [] };
    expect(parseBudgets({ budgets: [written] }, FILE).budgets).toEqual(parseBudgets([meant], FILE).budgets);
  });

  it('gives an example when the list does not say its limits', () => {
    const error = problem({ budgets: [{ timings: [{ metric: 'interactive' }] }] });
    expect(error.message).toContain('budgets[0].timings: found a list, expected object');
    expect(error.message).toContain('budgets.json writes "timings": { "largest-contentful-paint": { "warn": 2500, "error": 4000 } }');
  });
});

describe("parseBudgets (Lighthouse CI's assertions in budgets.json)", () => {
  const assertions = {
    'largest-contentful-paint': ['error', { maxNumericValue: 2500 }],
    'first-contentful-paint': ['warn', { maxNumericValue: 1800 }],
    'categories:performance': ['error', { minScore: 0.9 }],
    'resource-summary:script:size': ['error', { maxNumericValue: 150000 }],
    'categories:pwa': 'error',
  };
  /** The budget the imported assertions are: what writing the fix must load to. */
  const expected = {
    path: '/*',
    timings: { 'largest-contentful-paint': { warn: null, error: 2500 }, 'first-contentful-paint': { warn: 1800, error: null } },
    scores: { performance: { warn: null, error: 0.9 } },
    resourceSizes: { script: { warn: null, error: 150000 } },
    resourceCounts: {},
  };

  it('writes assertions pasted at the top as the budget they are, and that budget loads', () => {
    const error = problem({ assertions });
    expect(error.exitCode).toBe(2);
    const fix = fixOf(error.message, 'assertions');
    expect(fix).toMatch(/^that is Lighthouse CI's assert\.assertions: budgets\.json writes them as a budget: "budgets": \[/);
    // categories:pwa is one perfgate has no budget for; init says why.
    expect(fix).toMatch(/; 1 of them has no budget here \(`perfgate init --lhci-config FILE` imports .* and says why\)$/);
    const budgets = JSON.parse(/"budgets": (\[.*\]);/.exec(fix)?.[1] ?? 'null');
    expect(parseBudgets({ budgets }, FILE).budgets).toMatchObject([expected]);
  });

  it('writes assertions pasted into a budget as its sections, and the budget loads', () => {
    const fix = fixOf(problem({ budgets: [{ path: '/*', assertions }] }).message, 'budgets[0].assertions');
    const sections = JSON.parse(`{ ${/writes them in this budget: (.*?);/.exec(fix)?.[1] ?? ''} }`);
    expect(parseBudgets({ budgets: [{ path: '/*', ...sections }] }, FILE).budgets).toMatchObject([expected]);
  });

  it("points a lighthouserc's matrix, preset and sections to perfgate init, and keeps the allowed keys elsewhere", () => {
    const message = problem({ preset: 'lighthouse:recommended', assertMatrix: [], ci: {}, budgets: [{ path: '/*', preset: 'x' }] }).message;
    for (const key of ['preset', 'assertMatrix', 'ci']) expect(fixOf(message, key)).toContain('`perfgate init --lhci-config FILE` imports');
    expect(fixOf(message, 'budgets[0].preset')).toMatch(/^allowed keys here: path, /);
  });

  it('names assertions Lighthouse CI would refuse as for perfgate init to say', () => {
    const fix = fixOf(problem({ assertions: { 'largest-contentful-paint': ['fatal', { maxNumericValue: 1 }] } }).message, 'assertions');
    expect(fix).toBe(
      "that is Lighthouse CI's assert.assertions: `perfgate init --lhci-config FILE` imports a Lighthouse CI config's assertions into budgets.json, and names what it cannot",
    );
  });
});

describe('parseBudgets (LightWallet format)', () => {
  it('converts timings, sizes in KiB and counts into error-level budgets', () => {
    const config = parseBudgets(
      [
        {
          path: '/*',
          timings: [
            { metric: 'interactive', budget: 5000 },
            { metric: 'cumulative-layout-shift', budget: 0.1 },
          ],
          resourceSizes: [{ resourceType: 'script', budget: 300 }],
          resourceCounts: [{ resourceType: 'third-party', budget: 10 }],
        },
        { path: '/checkout$', timings: [{ metric: 'largest-contentful-paint', budget: 3000 }] },
      ],
      FILE,
    );
    expect(config.format).toBe('lightwallet');
    expect(config.budgets).toEqual([
      {
        path: '/*',
        timings: { interactive: { warn: null, error: 5000 }, 'cumulative-layout-shift': { warn: null, error: 0.1 } },
        scores: {},
        resourceSizes: { script: { warn: null, error: 300 * 1024 } },
        resourceCounts: { 'third-party': { warn: null, error: 10 } },
      },
      { path: '/checkout$', timings: { 'largest-contentful-paint': { warn: null, error: 3000 } }, scores: {}, resourceSizes: {}, resourceCounts: {} },
    ]);
  });

  it('warns that firstPartyHostnames is ignored', () => {
    const config = parseBudgets([{ options: { firstPartyHostnames: ['*.example.com'] }, timings: [{ metric: 'interactive', budget: 1 }] }], FILE);
    expect(config.warnings.join()).toContain('firstPartyHostnames');
  });

  it.each([
    ['an empty array', [], 'is an empty list'],
    ['a removed metric', [{ timings: [{ metric: 'first-meaningful-paint', budget: 1 }] }], '"first-meaningful-paint" is removed in Lighthouse 10'],
    ['an unknown metric', [{ timings: [{ metric: 'fcp', budget: 1 }] }], 'unknown metric "fcp"\n    fix: did you mean "first-contentful-paint"?'],
    ['a misspelled metric', [{ timings: [{ metric: 'speedindex', budget: 1 }] }], 'fix: did you mean "speed-index"?'],
    ['a metric nothing like one', [{ timings: [{ metric: 'jank', budget: 1 }] }], 'unknown metric "jank"\n    fix: write one of first-contentful-paint,'],
    ['a bad resource type', [{ resourceSizes: [{ resourceType: 'js', budget: 1 }] }], 'unknown resource type "js"\n    fix: write one of'],
    [
      'a misspelled resource type',
      [{ resourceSizes: [{ resourceType: 'scripts', budget: 1 }] }],
      'unknown resource type "scripts"\n    fix: did you mean "script"?',
    ],
    ['a negative budget', [{ resourceCounts: [{ resourceType: 'total', budget: -1 }] }], '[0].resourceCounts[0].budget: must be a non-negative number'],
    ['a bad path', [{ path: 'x', timings: [] }], '[0].path: a path pattern must start with "/"'],
    ['an unknown key', [{ timing: [] }], '[0].timing: unknown key "timing"'],
  ])('rejects %s', (_, data, what) => {
    const error = problem(data);
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain(FILE);
    expect(error.message).toContain(what);
  });
});
