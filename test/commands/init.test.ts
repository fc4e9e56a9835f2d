import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadBudgets } from '../../src/config/load-budgets.js';
import { loadPages } from '../../src/config/load-pages.js';
import { pagesFromFiles, pagesFromSitemap } from '../../src/init/site-pages.js';
import { ROOT, runMain, tempDir } from '../helpers.js';

const html = '<!doctype html><html lang="en"><title>t</title><p>x</p></html>';

/** A built site: files (relative paths) with HTML in them. */
function site(files: string[], folder = 'dist'): string {
  const dir = tempDir();
  for (const file of files) {
    mkdirSync(path.dirname(path.join(dir, folder, file)), { recursive: true });
    writeFileSync(path.join(dir, folder, file), html);
  }
  return dir;
}

const actionInputs = Object.keys((parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown> }).inputs);
/** The values build-base.sh accepts for the input base (any other stops the job with exit 2). */
const baseValues = [...(readFileSync(path.join(ROOT, 'action/build-base.sh'), 'utf8').match(/^ {2}([\w| -]+)\) ;;$/m)?.[1] ?? '').matchAll(/[\w-]+/g)].map(
  (m) => m[0],
);

/** What the workflow gives perfgate's action is what action.yml declares: GitHub only warns of an input it does not know, and ignores it. */
function expectActionInputs(steps: Array<{ uses?: string; with?: Record<string, unknown> }>) {
  const given = steps.filter((s) => s.uses === 'perfgate/perfgate@v1').flatMap((s) => Object.entries(s.with ?? {}));
  expect(given.length).toBeGreaterThan(0);
  for (const [input, value] of given) {
    expect(actionInputs, `input ${input}`).toContain(input);
    if (input === 'base') expect(baseValues).toContain(value);
  }
}

describe('perfgate init', () => {
  it('on a static build folder: lists its pages (error pages left out) and writes four files that perfgate and Lighthouse CI read', async () => {
    const dir = site(['index.html', 'about/index.html', 'blog/first-post.html', '404.html', 'assets/x.js', 'google1234abcd.html']);
    const result = await runMain(['init'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('perfgate init: a static site in dist/ with 5 HTML files');
    const pages = loadPages(path.join(dir, 'pages.json'));
    expect(pages.site).toEqual({ kind: 'static', dir: path.join(dir, 'dist') });
    expect(pages.pages.map((p) => [p.name, p.path])).toEqual([
      ['home', '/'],
      ['about', '/about/'],
      ['blog-first-post', '/blog/first-post.html'],
    ]);
    const budgets = loadBudgets(path.join(dir, 'budgets.json'));
    expect(budgets.warnings).toEqual([]);
    expect(budgets.budgets[0]?.timings['largest-contentful-paint']).toEqual({ warn: 2000, error: 2500 });
    expect(budgets.budgets[0]?.timings['cumulative-layout-shift']).toEqual({ warn: 0.08, error: 0.1 });
    expect(readFileSync(path.join(dir, 'lighthouserc.cjs'), 'utf8')).toContain("module.exports = require('perfgate/lhci').lhciConfig();");
    const workflow = parse(readFileSync(path.join(dir, '.github/workflows/perfgate.yml'), 'utf8'));
    const steps = workflow.jobs.perfgate.steps as Array<{ uses?: string; run?: string; with?: Record<string, unknown> }>;
    expect(steps.find((s) => s.uses === 'perfgate/perfgate@v1')?.with).toEqual({ 'base-build': 'npm ci && npm run build', status: true });
    expectActionInputs(steps);
    for (const file of ['pages.json', 'budgets.json', 'lighthouserc.cjs', '.github/workflows/perfgate.yml']) expect(result.stdout).toContain(`wrote  ${file}`);
    expect(result.stdout).toContain('Next: npx perfgate check (is everything in place?), npx perfgate run (measure), npx perfgate open (the reports).');
  });

  /** One Lighthouse CI config in each of the forms lhci reads. */
  const LHCI_RC = { ci: { collect: { staticDistDir: './dist' }, assert: { assertions: { 'uses-text-compression': 'error' } } } };
  const rcText: Record<string, string> = {
    json: JSON.stringify(LHCI_RC),
    js: `module.exports = ${JSON.stringify(LHCI_RC)};\n`,
    yml: 'ci:\n  collect:\n    staticDistDir: ./dist\n  assert:\n    assertions:\n      uses-text-compression: error\n',
  };

  it.each(['lighthouserc.json', '.lighthouserc.js', 'lighthouserc.yml'])(
    'keeps Lighthouse CI reading a team’s own %s, and imports it: no lighthouserc.cjs that lhci would read first, even with --force',
    async (own) => {
      const dir = site(['index.html']);
      writeFileSync(path.join(dir, own), rcText[path.extname(own).slice(1)] as string);
      const result = await runMain(['init', '--no-workflow', '--force'], { cwd: dir });
      expect(result.code, result.stderr).toBe(0);
      expect(existsSync(path.join(dir, 'lighthouserc.cjs'))).toBe(false);
      expect(result.stdout).toContain(`kept   ${own}: Lighthouse CI's config, which lhci would stop reading beside a lighthouserc.cjs`);
      expect(result.stdout).toContain(`wrote  budgets.json (from the 1 assertion of ${own})`);
      expect(loadBudgets(path.join(dir, 'budgets.json')).budgets).toEqual([
        {
          path: '/*',
          timings: {},
          scores: {},
          resourceSizes: {},
          resourceCounts: {},
          audits: { 'uses-text-compression': { minScore: { warn: null, error: 0.9 } } },
        },
      ]);
    },
  );

  it('imports a Lighthouse CI config: its server, URLs and settings into pages.json, its assertions into budgets.json, and says what it left', async () => {
    const dir = tempDir();
    writeFileSync(
      path.join(dir, 'lighthouserc.js'),
      `module.exports = {
  ci: {
    collect: {
      startServerCommand: 'npm start',
      url: ['http://127.0.0.1:3000/', 'http://127.0.0.1:3000/pricing'],
      numberOfRuns: 3,
      settings: { preset: 'desktop', extraHeaders: { 'x-preview': 'yes' }, throttling: { cpuSlowdownMultiplier: 2 }, emulatedUserAgent: 'Acme Lab/1.0', locale: 'fr-CA', onlyCategories: ['performance', 'accessibility'], skipAudits: 'is-crawlable,dom-size,largest-contentful-paint', maxWaitForLoad: 90000 },
    },
    assert: {
      assertMatrix: [
        { matchingUrlPattern: '.*', assertions: { 'largest-contentful-paint': ['error', { maxNumericValue: 2500 }], 'categories:seo': 'warn', 'dom-size': ['warn', { maxNumericValue: 800 }] } },
        { matchingUrlPattern: 'pricing$', assertions: { 'resource-summary:script:size': ['warn', { maxNumericValue: 200000 }], interactive: 'error' } },
      ],
    },
  },
};
`,
    );
    const result = await runMain(['init'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('perfgate init: a site served by `npm start` at http://127.0.0.1:3000 (from lighthouserc.js)');
    expect(result.stdout).toContain('wrote  budgets.json (from 4 of the 5 assertions of lighthouserc.js)');
    expect(result.stdout).toContain('note   ci.collect.numberOfRuns: not imported');
    expect(result.stdout).toContain(
      "note   ci.assert.assertMatrix[1].assertions.interactive: its score (minScore, Lighthouse CI's default 0.9) is not imported",
    );
    expect(result.stdout).toContain(
      'note   ci.collect.settings.skipAudits[2]: not imported: "largest-contentful-paint" cannot be skipped: perfgate measures LCP from it; remove it',
    );
    expect(result.stdout).toContain(
      'note   ci.collect.settings.skipAudits: "dom-size" not imported: an imported assertion reads it (Lighthouse CI failed it as not run); it runs',
    );
    expect(result.stdout).toContain('note   Lighthouse CI judged the best of its runs ("optimistic", its default)');
    const pages = loadPages(path.join(dir, 'pages.json'));
    expect(pages.site).toEqual({ kind: 'command', command: 'npm start', url: 'http://127.0.0.1:3000', cwd: dir });
    expect(pages).toMatchObject({
      throttlingMethod: null,
      throttling: { cpuSlowdownMultiplier: 2 },
      emulatedUserAgent: 'Acme Lab/1.0',
      locale: 'fr-CA',
      categories: ['accessibility'],
      skipAudits: ['is-crawlable'],
      timeoutMs: 90000,
    });
    expect(pages.pages.map((p) => [p.name, p.path, p.formFactor, p.headers])).toEqual([
      ['home', '/', 'desktop', { 'x-preview': 'yes' }],
      ['pricing', '/pricing', 'desktop', { 'x-preview': 'yes' }],
    ]);
    const budgets = loadBudgets(path.join(dir, 'budgets.json'));
    expect(budgets.budgets.map((b) => [b.path, b.timings, b.scores, b.resourceSizes])).toEqual([
      ['/$', { 'largest-contentful-paint': { warn: null, error: 2500 } }, { seo: { warn: 0.9, error: null } }, {}],
      [
        '/pricing$',
        { 'largest-contentful-paint': { warn: null, error: 2500 } },
        { seo: { warn: 0.9, error: null } },
        { script: { warn: 200000, error: null } },
      ],
    ]);
    const workflow = parse(readFileSync(path.join(dir, '.github/workflows/perfgate.yml'), 'utf8'));
    expect(workflow.jobs.perfgate.steps.at(-1).with['base-command']).toBe('PORT=4174 npm start');
  });

  it('a config of URLs on a running site: baseUrl in pages.json, and the workflow compares with the stored results of main', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, '.lighthouserc.json'), JSON.stringify({ ci: { collect: { url: ['https://staging.example.com/'] } } }));
    const result = await runMain(['init'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(
      'note   .lighthouserc.json has no assertion perfgate can take over: budgets.json starts from the Core Web Vitals\' "good" limits',
    );
    expect(loadPages(path.join(dir, 'pages.json')).site).toEqual({ kind: 'baseUrl', baseUrl: 'https://staging.example.com' });
    expect(loadBudgets(path.join(dir, 'budgets.json')).budgets[0]?.timings['largest-contentful-paint']).toEqual({ warn: 2000, error: 2500 });
    const steps = parse(readFileSync(path.join(dir, '.github/workflows/perfgate.yml'), 'utf8')).jobs.perfgate.steps;
    expect(steps.at(-1).with).toEqual({ base: 'stored', status: true });
    expectActionInputs(steps);
    expect(steps.some((s: { run?: string }) => s.run)).toBe(false);
  });

  it('takes over the LightWallet budgets a config names in assert.budgetsFile, as lhci assert reads them', async () => {
    const dir = site(['index.html']);
    writeFileSync(
      path.join(dir, 'budget.json'),
      JSON.stringify([{ path: '/*', timings: [{ metric: 'interactive', budget: 5000 }], resourceSizes: [{ resourceType: 'script', budget: 300 }] }]),
    );
    writeFileSync(
      path.join(dir, 'lighthouserc.json'),
      JSON.stringify({ ci: { collect: { staticDistDir: 'dist' }, assert: { budgetsFile: './budget.json' } } }),
    );
    const result = await runMain(['init', '--no-workflow'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('wrote  budgets.json (from the budgets of ./budget.json)');
    const [rule] = loadBudgets(path.join(dir, 'budgets.json')).budgets;
    expect(rule?.timings).toEqual({ interactive: { warn: null, error: 5000 } });
    // KiB, as Lighthouse reads LightWallet sizes.
    expect(rule?.resourceSizes).toEqual({ script: { warn: null, error: 300 * 1024 } });
  });

  it('without a lighthouserc, imports what a workflow runs with treosh/lighthouse-ci-action: its URLs and budgetPath', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, '.github/workflows'), { recursive: true });
    writeFileSync(
      path.join(dir, '.github/workflows/lighthouse.yml'),
      `name: lighthouse
on: [pull_request]
jobs:
  lhci:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: treosh/lighthouse-ci-action@v12
        with:
          urls: |
            https://staging.example.com/
            https://staging.example.com/pricing
            \${{ steps.deploy.outputs.preview-url }}/blog/
          budgetPath: ./budget.json
          runs: 3
`,
    );
    writeFileSync(path.join(dir, 'budget.json'), JSON.stringify([{ path: '/*', timings: [{ metric: 'largest-contentful-paint', budget: 2500 }] }]));
    const result = await runMain(['init'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(
      'perfgate init: the site at https://staging.example.com (from .github/workflows/lighthouse.yml (treosh/lighthouse-ci-action))',
    );
    expect(result.stdout).toContain('wrote  budgets.json (from the budgets of ./budget.json)');
    expect(result.stdout).toContain('note   .github/workflows/lighthouse.yml: with.urls: 1 URL known only in CI (${{ ... }}) left out');
    expect(result.stdout).toContain('note   .github/workflows/lighthouse.yml: with.runs (3) not imported');
    expect(result.stdout).toContain('wrote  lighthouserc.cjs');
    expect(loadPages(path.join(dir, 'pages.json')).pages.map((p) => p.path)).toEqual(['/', '/pricing']);
    expect(loadBudgets(path.join(dir, 'budgets.json')).budgets[0]?.timings).toEqual({ 'largest-contentful-paint': { warn: null, error: 2500 } });
  });

  it('a workflow whose action measures URLs known only in CI: the site is found here, the assertions come from its configPath', async () => {
    const dir = site(['index.html', 'about.html']);
    mkdirSync(path.join(dir, '.github/workflows'), { recursive: true });
    mkdirSync(path.join(dir, 'ci'));
    writeFileSync(
      path.join(dir, '.github/workflows/perf.yaml'),
      'jobs:\n  a:\n    steps:\n      - uses: treosh/lighthouse-ci-action@v12\n        with:\n          urls: ${{ env.URL }}\n          configPath: ./ci/lhci.json\n',
    );
    writeFileSync(
      path.join(dir, 'ci/lhci.json'),
      JSON.stringify({ ci: { assert: { assertions: { 'total-blocking-time': ['warn', { maxNumericValue: 300 }] } } } }),
    );
    const result = await runMain(['init', '--no-workflow'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('perfgate init: a static site in dist/ with 2 HTML files');
    expect(result.stdout).toContain('the site is found here instead');
    expect(loadPages(path.join(dir, 'pages.json')).pages.map((p) => p.path)).toEqual(['/', '/about.html']);
    expect(loadBudgets(path.join(dir, 'budgets.json')).budgets[0]?.timings).toEqual({ 'total-blocking-time': { warn: 300, error: null } });
  });

  it('--lhci-config names a config elsewhere; --no-lhci leaves it alone; the lighthouserc.cjs perfgate writes is not imported', async () => {
    const dir = site(['index.html', 'a.html', 'b.html', 'admin.html']);
    mkdirSync(path.join(dir, 'ci'));
    writeFileSync(
      path.join(dir, 'ci/lhci.json'),
      JSON.stringify({
        ci: {
          collect: { staticDistDir: 'dist', maxAutodiscoverUrls: 2, autodiscoverUrlBlocklist: ['/a.html'] },
          assert: { assertions: { 'speed-index': ['error', { maxNumericValue: 3000 }] } },
        },
      }),
    );
    const named = await runMain(['init', '--no-workflow', '--lhci-config', 'ci/lhci.json'], { cwd: dir });
    expect(named.code, named.stderr).toBe(0);
    expect(loadPages(path.join(dir, 'pages.json')).pages.map((p) => p.path)).toEqual(['/', '/admin.html']);
    expect(loadBudgets(path.join(dir, 'budgets.json')).budgets[0]?.timings).toEqual({ 'speed-index': { warn: null, error: 3000 } });

    const ignored = await runMain(['init', '--no-workflow', '--force', '--no-lhci', '--lhci-config', 'ci/lhci.json'], { cwd: dir });
    expect(ignored.code, ignored.stderr).toBe(0);
    expect(ignored.stdout).not.toContain('Imported');
    expect(loadBudgets(path.join(dir, 'budgets.json')).budgets[0]?.timings['speed-index']).toEqual({ warn: 2900, error: 3400 });

    const again = await runMain(['init', '--no-workflow', '--force'], { cwd: dir });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).not.toContain('Imported');
    expect(readFileSync(path.join(dir, 'lighthouserc.cjs'), 'utf8')).toContain("require('perfgate/lhci')");
  });

  it.each([
    [
      'lighthouserc.json',
      '{"ci": {"assert": {"assertions": {"first-contentful-paint": ["error", {"maxNumericValue": "2s"}]}}}}',
      'ci.assert.assertions.first-contentful-paint.maxNumericValue: "2s" is not a number',
    ],
    ['lighthouserc.json', '{"collect": {}}', 'ci: is missing'],
    ['lighthouserc.yml', 'ci:\n  collect: [\n', 'is not valid YAML'],
    ['lighthouserc.js', 'module.exports = {ci: {collect: {staticDistDir: "./site"}}};', 'ci.collect.staticDistDir site: no such folder'],
    ['lighthouserc.js', 'throw new Error("no env");', 'could not be loaded (no env)'],
    [
      'lighthouserc.json',
      '{"ci": {"collect": {"staticDistDir": "dist", "puppeteerScript": "./nope.js"}}}',
      'ci.collect.puppeteerScript ./nope.js: no such file',
    ],
  ])('a bad %s is exit 2 naming the file and key, and nothing is written', async (file, text, said) => {
    const dir = site(['index.html']);
    writeFileSync(path.join(dir, file), text);
    const result = await runMain(['init'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(file);
    expect(result.stderr).toContain(said);
    expect(existsSync(path.join(dir, 'pages.json'))).toBe(false);
  });

  it('names a size-limit config in the folder, whose checks perfgate measures as they are, or why it does not load', async () => {
    const dir = site(['index.html']);
    writeFileSync(
      path.join(dir, '.size-limit.json'),
      JSON.stringify([
        { path: 'dist/*.js', limit: '1 kB' },
        { path: 'dist/*.css', limit: '1 kB' },
      ]),
    );
    const result = await runMain(['init', '--no-workflow'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(
      'note   .size-limit.json: size-limit\'s 2 checks, which perfgate run and perfgate size measure as they are (budgets.json has no "bundles", which would replace them)',
    );
    expect(loadBudgets(path.join(dir, 'budgets.json')).bundles).toEqual([]);
    const broken = site(['index.html']);
    writeFileSync(path.join(broken, '.size-limit.cjs'), 'throw new Error("BUILD_DIR is not set")');
    const named = await runMain(['init', '--no-workflow'], { cwd: broken });
    expect(named.code, named.stderr).toBe(0);
    expect(named.stdout).toContain(
      `note   size-limit's config does not load: ${path.join(broken, '.size-limit.cjs')}: the size-limit config could not be loaded (BUILD_DIR is not set).`,
    );
    expect((await runMain(['init', '--no-workflow'], { cwd: site(['index.html']) })).stdout).not.toContain('size-limit');
  });

  it('in a library (bundle budgets, no site): writes the workflow alone, whose action measures the bundles beside the merge base’s', async () => {
    const dir = tempDir();
    writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({ name: 'lib', scripts: { build: 'tsc' }, 'size-limit': [{ path: 'dist/index.js', limit: '1 kB' }] }),
    );
    const result = await runMain(['init'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('perfgate init: no site to measure (no build folder), and bundle budgets: the bundles alone');
    expect(result.stdout).toContain('wrote  .github/workflows/perfgate.yml (perfgate size on every pull request, side by side with the merge base)');
    expect(result.stdout).toContain('note   package.json ("size-limit"): size-limit\'s 1 check, which perfgate run and perfgate size measure as they are');
    expect(result.stdout).toContain('Next: npx perfgate size');
    for (const file of ['pages.json', 'budgets.json', 'lighthouserc.cjs']) expect(existsSync(path.join(dir, file)), file).toBe(false);
    const workflow = parse(readFileSync(path.join(dir, '.github/workflows/perfgate.yml'), 'utf8')) as {
      jobs: { perfgate: { steps: Array<{ uses?: string; run?: string; with?: Record<string, unknown> }> } };
    };
    const steps = workflow.jobs.perfgate.steps;
    expectActionInputs(steps);
    // The library is built, and so is its merge base beside it; no pages input: the action finds no pages.json and measures the bundles.
    expect(steps.find((s) => s.uses === 'perfgate/perfgate@v1')?.with).toEqual({ 'base-build': 'npm ci && npm run build', status: true });
    expect(steps.some((s) => s.run === 'npm ci && npm run build')).toBe(true);
    // A library that measures its sources as they are (no build script) is installed, not built.
    const sources = tempDir();
    writeFileSync(path.join(sources, 'package.json'), JSON.stringify({ name: 'lib', 'size-limit': [{ path: 'index.js', limit: '1 kB' }] }));
    expect((await runMain(['init'], { cwd: sources })).code).toBe(0);
    const plain = parse(readFileSync(path.join(sources, '.github/workflows/perfgate.yml'), 'utf8')) as typeof workflow;
    expect(plain.jobs.perfgate.steps.find((s) => s.uses === 'perfgate/perfgate@v1')?.with).toEqual({ 'base-build': 'npm ci', status: true });
    // budgets.json's own bundles make a library as well.
    const own = tempDir();
    writeFileSync(path.join(own, 'budgets.json'), JSON.stringify({ bundles: [{ name: 'lib', path: 'index.js', error: '1 kB' }] }));
    const fromBudgets = await runMain(['init', '--no-workflow'], { cwd: own });
    expect(fromBudgets.code, fromBudgets.stderr).toBe(0);
    expect(fromBudgets.stdout).toContain('note   budgets.json: 1 bundle budget, which perfgate size measures');
    expect(fromBudgets.stdout).toContain('Nothing was written.');
    // Again: nothing to write; without a size-limit config, no site is still exit 2.
    expect((await runMain(['init'], { cwd: dir })).stdout).toContain('Nothing was written.');
    const empty = await runMain(['init'], { cwd: tempDir() });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('no build folder found');
  });

  it('never replaces a file without --force', async () => {
    const dir = site(['index.html']);
    writeFileSync(path.join(dir, 'budgets.json'), '{"mine": true}\n');
    const first = await runMain(['init', '--no-workflow'], { cwd: dir });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('kept   budgets.json: it exists (--force replaces it)');
    expect(readFileSync(path.join(dir, 'budgets.json'), 'utf8')).toBe('{"mine": true}\n');
    expect(first.stdout).not.toContain('workflows');
    const again = await runMain(['init', '--no-workflow'], { cwd: dir });
    expect(again.stdout).toContain('Nothing was written.');
    const forced = await runMain(['init', '--no-workflow', '--force'], { cwd: dir });
    expect(forced.code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, 'budgets.json'), 'utf8')).budgets).toHaveLength(1);
  });

  it('on a folder with sitemap.xml: the sitemap’s pages first, in its order, other hosts left out, then pages it does not list', async () => {
    const dir = site(['index.html', 'pricing/index.html', 'docs/index.html', 'extra.html'], 'build');
    writeFileSync(
      path.join(dir, 'build', 'sitemap.xml'),
      `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
        <url><loc>https://example.com/pricing/</loc></url><url><loc> https://example.com/ </loc></url>
        <url><loc>https://cdn.other.com/x</loc></url><url><loc>https://example.com/docs/?lang=en&amp;v=2</loc></url></urlset>`,
    );
    const result = await runMain(['init', '--max-pages', '4'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('a static site in build/ with 4 HTML files, sitemap.xml lists 3');
    expect(loadPages(path.join(dir, 'pages.json')).pages.map((p) => p.path)).toEqual(['/pricing/', '/', '/docs/?lang=en&v=2', '/docs/']);
  });

  it('on a site served by a command: pages.json starts it, the workflow serves the base with it on another port', async () => {
    const dir = tempDir();
    const result = await runMain(['init', '--command', 'npm start', '--url', 'http://127.0.0.1:3000', '--path', '/', '--path', '/pricing/'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const pages = JSON.parse(readFileSync(path.join(dir, 'pages.json'), 'utf8'));
    expect(pages).toMatchObject({
      command: 'npm start',
      url: 'http://127.0.0.1:3000',
      pages: [
        { name: 'home', path: '/' },
        { name: 'pricing', path: '/pricing/' },
      ],
    });
    expect(pages).not.toHaveProperty('staticDir');
    const action = parse(readFileSync(path.join(dir, '.github/workflows/perfgate.yml'), 'utf8')).jobs.perfgate.steps.find(
      (s: { uses?: string }) => s.uses === 'perfgate/perfgate@v1',
    );
    expect(action.with).toMatchObject({ 'base-command': 'PORT=4174 npm start', 'base-url': 'http://127.0.0.1:4174' });
    expectActionInputs([action]);
    expect(result.stdout).toContain('check that your server reads PORT');
  });

  it.each([
    ['no build folder', [], 'no build folder found (looked for dist/, build/, out/, public/, _site/, www/ holding an index.html)'],
    ['a command without its URL', ['--command', 'npm start'], '--command and --url go together'],
    ['a URL that is not one', ['--command', 'npm start', '--url', 'localhost:3000'], '--url localhost:3000: not an http(s) URL'],
    ['a path without its slash', ['--command', 'x', '--url', 'http://127.0.0.1:1', '--path', 'pricing'], '--path pricing: a path on the site starts with "/"'],
  ])('%s is exit 2 with what to do, and writes nothing', async (_, args, message) => {
    const dir = tempDir();
    const result = await runMain(['init', ...args], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(() => readFileSync(path.join(dir, 'pages.json'))).toThrow();
  });
});

describe('pages from a site', () => {
  it('names pages after their paths, uniquely, shallowest first, at most the given number', () => {
    expect(pagesFromFiles(['b/index.html', 'a/b.html', 'a-b/index.html', 'index.html', '_partial.html'], 3)).toEqual([
      { name: 'home', path: '/' },
      { name: 'a-b', path: '/a-b/' },
      { name: 'b', path: '/b/' },
    ]);
    expect(pagesFromFiles(['a-b/index.html', 'a/b.html'], 5).map((p) => p.name)).toEqual(['a-b', 'a-b-2']);
    expect(pagesFromSitemap('<sitemapindex><sitemap><loc>https://x.com/s1.xml</loc></sitemap></sitemapindex>', 5)).toEqual([]);
  });
});
