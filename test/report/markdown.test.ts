import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { escapeMarkdown } from '../../src/report/escape.js';
import { GITHUB_COMMENT_LIMIT, REVIEW_MARKER, renderMarkdown } from '../../src/report/markdown.js';
import { DEFAULT_COMPARISON } from '../../src/config/model.js';
import { judgeRun } from '../../src/judge-run.js';
import { flowStepInputs, type FlowRunStep } from '../../src/flow-steps.js';
import type { RunSample } from '../../src/metrics.js';
import { type PageResult, summarizePage } from '../../src/results.js';
import { ROOT, runSample } from '../helpers.js';
import { CASES, RULES } from './cases.js';

const GOLDEN = path.join(ROOT, 'test/report/golden');
// GitHub renders comments with HTML allowed (sanitized); render the same way to check what reaches the page.
const markdown = new MarkdownIt({ html: true, linkify: true });

/** Pages judged against the cases' budgets, without a base. */
const judgedAlone = (pages: PageResult[], runsPerPage: number) =>
  judgeRun({
    pages,
    budgets: { rules: RULES, comparison: DEFAULT_COMPARISON },
    base: null,
    environment: CASES.fail!().environment,
    runsPerPage,
    createdAt: '2026-11-22T00:00:00.000Z',
    version: '0.1.0',
  });

/** One run of a page at `url`, with these metrics and scores. */
const sampleAt = (url: string, metrics: RunSample['metrics'], scores: RunSample['scores']) => runSample({ requestedUrl: url, finalUrl: url, metrics, scores });

describe('the markdown review matches its golden file', () => {
  it.each(Object.keys(CASES))('%s', (name) => {
    const rendered = renderMarkdown(CASES[name]!());
    const file = path.join(GOLDEN, `${name}.md`);
    if (process.env.UPDATE_GOLDEN === '1') {
      mkdirSync(GOLDEN, { recursive: true });
      writeFileSync(file, rendered);
    }
    // A missing golden file is a failure: the review it would hold has not been looked at yet.
    expect(
      existsSync(file),
      `${path.relative(ROOT, file)} is missing: review the output, then create it with UPDATE_GOLDEN=1 npx vitest run test/report/markdown.test.ts`,
    ).toBe(true);
    expect(rendered).toBe(readFileSync(file, 'utf8'));
    expect(rendered.startsWith(REVIEW_MARKER)).toBe(true);
  });
});

describe('what the review says', () => {
  it('calls a clear, large shift a regression with its p-value, and fails its relative budget', () => {
    const results = CASES.regression!();
    const lcp = results.comparison?.metrics.find((c) => c.page === 'home' && c.id === 'largest-contentful-paint');
    expect(lcp).toMatchObject({ verdict: 'regressed', delta: 400 });
    // 8 runs per side, every head run above every base run: the exact two-sided p is 2 / C(16, 8).
    expect(lcp?.p).toBeCloseTo(2 / 12_870, 10);
    const budget = results.budgets.find((b) => b.id === 'regression:largest-contentful-paint' && b.page === 'home');
    expect(budget?.status).toBe('fail');
    const tbt = results.comparison?.metrics.find((c) => c.page === 'home' && c.id === 'total-blocking-time');
    expect(tbt?.verdict, 'within ± the 50 ms minimum effect').toBe('unchanged');
    expect(renderMarkdown(results)).toMatch(/worst regression: home LCP \+400 ms \(\+32\.8 %\) \(p < 0\.001\)/);
  });

  it('does not call a regression that Holm cannot confirm: 5 runs per side over 8 comparisons are too few', () => {
    const results = CASES.inconclusive!();
    expect(results.comparison?.control).toEqual({ method: 'holm', family: 4 });
  });

  it('calls a clear drop an improvement', () => {
    const results = CASES.improvement!();
    expect(results.comparison?.metrics.find((c) => c.page === 'home' && c.id === 'largest-contentful-paint')?.verdict).toBe('improved');
  });

  it('says how many more runs are needed instead of guessing from 2 runs', () => {
    const results = CASES.inconclusive!();
    const lcp = results.comparison?.metrics.find((c) => c.id === 'largest-contentful-paint');
    // Four compared metrics: the smallest p must reach 0.05 / 4, which takes 5 runs per side.
    expect(lcp).toMatchObject({ verdict: 'inconclusive', moreRuns: 3 });
    expect(results.budgets.find((b) => b.kind === 'regression')).toMatchObject({ status: 'warn', message: 'inconclusive: 3 more runs per side needed' });
  });

  it('says where an inconclusive change lies when its runs make an interval, though too few for the test', () => {
    const results = CASES['inconclusive-interval']!();
    const lcp = results.comparison?.metrics.find((c) => c.page === 'home' && c.id === 'largest-contentful-paint');
    // 8 comparisons: the smallest p must reach 0.05 / 8; 5 runs per side make 2 / 252 at best.
    expect(results.comparison?.control).toEqual({ method: 'holm', family: 8 });
    expect(lcp).toMatchObject({ verdict: 'inconclusive', moreRuns: 1 });
    expect(renderMarkdown(results)).toMatch(/, inconclusive \(1 more run per side needed; 90 % interval \+\d{3} ms to \+\d{3} ms\)/);
    // 2 runs per side make no interval at 90 %: the runs needed alone.
    expect(renderMarkdown(CASES.inconclusive!())).toMatch(/, inconclusive \(3 more runs per side needed\)/);
  });

  it('finds no change between identical runs', () => {
    expect(CASES.pass!().comparison?.metrics.every((c) => c.verdict === 'unchanged')).toBe(true);
    expect(CASES['side-by-side-pass']!().comparison?.metrics.every((c) => c.verdict === 'unchanged')).toBe(true);
  });
});

describe('how it was measured', () => {
  it('names each form factor a run measured, with its throttling when not its preset’s', () => {
    const results = CASES.fail!();
    const subline = (environment: object) =>
      renderMarkdown({ ...results, environment: { ...results.environment, ...environment } })
        .split('\n')
        .find((l) => l.startsWith('<sub>'));
    const mobile = { formFactor: 'mobile', throttlingMethod: 'simulate', throttling: { cpuSlowdownMultiplier: 4, rttMs: 150, throughputKbps: 1638.4 } };
    expect(subline(mobile)).toContain(' · mobile · ');
    expect(
      subline({
        ...mobile,
        otherFormFactor: { formFactor: 'desktop', throttlingMethod: 'simulate', throttling: { cpuSlowdownMultiplier: 1, rttMs: 40, throughputKbps: 10240 } },
      }),
    ).toContain(' · mobile and desktop · ');
    expect(
      subline({
        ...mobile,
        otherFormFactor: {
          formFactor: 'desktop',
          throttlingMethod: 'devtools',
          throttling: { cpuSlowdownMultiplier: 2, requestLatencyMs: 0, downloadThroughputKbps: 0, uploadThroughputKbps: 0 },
        },
      }),
    ).toContain(' · mobile and desktop, devtools throttling (CPU 2x, network not throttled) · ');
  });
});

describe('where the HTML reports are', () => {
  it('a folder: each report as its path; a web address: each report a link; an artifact: one link, each report at its path in it', () => {
    const results = CASES['side-by-side-regression']!();
    const details = (md: string) => md.slice(md.indexOf("<summary>Every run's values"));
    expect(details(renderMarkdown(results))).toContain('- **home** · report: `.perfgate/reports/home.report.html`');

    const gitlab = markdown.render(details(renderMarkdown(results, { reportsBase: 'https://gitlab.example.com/shop/-/jobs/7/artifacts/file/.perfgate/' })));
    expect(gitlab).toContain(
      '<a href="https://gitlab.example.com/shop/-/jobs/7/artifacts/file/.perfgate/reports/home.report.html"><code>reports/home.report.html</code></a>',
    );

    const artifact = markdown.render(details(renderMarkdown(results, { artifactUrl: 'https://github.com/acme/shop/actions/runs/9/artifacts/42' })));
    expect(artifact).toContain(`are in <a href="https://github.com/acme/shop/actions/runs/9/artifacts/42">this run's artifact</a>`);
    expect(artifact).toContain('<strong>home</strong> · report: <code>reports/home.report.html</code>');
  });

  it('a path or an address that would break the link stays one link to the right place', () => {
    const results = CASES['side-by-side-regression']!();
    const home = results.pages.find((p) => p.name === 'home');
    if (!home?.reports) throw new Error('the case has no report');
    home.reports.html = 'reports/my page (1).report.html';
    const html = markdown.render(renderMarkdown(results, { reportsBase: 'https://x.example/a b)/' }));
    expect(html).toContain('<a href="https://x.example/a%20b%29/reports/my%20page%20%281%29.report.html"><code>reports/my page (1).report.html</code></a>');
  });
});

describe('injection', () => {
  const hostile = [
    '<img src=x onerror=alert(1)>',
    '| ](javascript:x)',
    '[click](javascript:alert(1))',
    '<script>alert(1)</script>',
    '**bold** `code` # heading',
  ];

  it.each(hostile)('a page named %j renders inert', (name) => {
    const results = CASES['no-base']!();
    const page = summarizePage({ name, url: `https://shop.example.com/${name}`, runs: 1, samples: [], error: { code: 'NO_FCP', message: name } });
    results.pages.push(page);
    results.budgets.push({
      page: name,
      kind: 'timing',
      id: 'interactive',
      label: 'TTI',
      unit: 'ms',
      operator: '<=',
      warn: 1,
      error: 2,
      actual: null,
      values: [],
      status: 'error',
      message: name,
    });
    const html = markdown.render(renderMarkdown(results));
    expect(html).not.toMatch(/<img|<script|href="javascript:|<strong>bold/i);
    expect(html).toContain(markdown.utils.escapeHtml(name).replace(/&quot;/g, '"'));
  });

  it('keeps table rows whole', () => {
    const cell = escapeMarkdown('a | b');
    expect(markdown.render(`| x | y |\n| --- | --- |\n| ${cell} | z |`)).toMatch(/<td>a \| b<\/td>\s*<td>z<\/td>/);
  });
});

describe('size', () => {
  it('stays under GitHub’s comment limit, cutting the details first and saying so', () => {
    const results = CASES.pass!();
    const many = Array.from({ length: 400 }, (_, i) => ({ ...results.pages[0]!, name: `page number ${i} with a long name` }));
    const big = {
      ...results,
      pages: many,
      budgets: many.flatMap((p) => results.budgets.filter((b) => b.page === 'home').map((b) => ({ ...b, page: p.name }))),
    };
    const rendered = renderMarkdown(big);
    expect(rendered.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(rendered).toContain('The run details were left out');
    expect(renderMarkdown(results)).toContain('<details>');
  });

  it('keeps the summary of every page and the failing tables, and leaves out the tables of every metric when even they are too long', () => {
    const [failing] = CASES.fail!().pages;
    const passing = CASES.pass!().pages.flatMap((p) => ['alpha', 'beta', 'gamma'].map((name) => ({ ...p, name: `${name}-${p.name}` })));
    const results = judgedAlone([...passing, failing!], 5);
    const full = renderMarkdown(results);
    for (const page of passing) expect(full).toContain(`#### ✔ ${escapeMarkdown(page.name)}`);
    const rendered = renderMarkdown(results, { maxLength: 2500 });
    expect(full.length).toBeGreaterThan(2500);
    expect(rendered.length).toBeLessThanOrEqual(2500);
    expect(rendered).toContain('### ✖ home');
    for (const page of passing) {
      expect(rendered).not.toContain(`#### ✔ ${escapeMarkdown(page.name)}`);
      expect(rendered).toContain(`| ${escapeMarkdown(page.name)} | ✔ pass |`);
    }
    expect(rendered).toContain('(and 6 pages without anything to note) were left out');
  });

  it("lists a snapshot step's scores among every run's values, and never an empty line for a result with none", () => {
    const runs: FlowRunStep[][] = [0.8, 0.85].map((score) => [
      { name: 'done', mode: 'snapshot', sample: sampleAt('https://shop.example.com/', {}, { accessibility: score }) },
    ]);
    const [done] = flowStepInputs('checkout', 2, runs, null).map((input) => summarizePage(input));
    const unscored = { ...done!, name: 'unscored', scores: {} };
    const rendered = renderMarkdown(judgedAlone([done!, unscored], 2));
    expect(rendered).toContain(`- **${escapeMarkdown('checkout › done')}**\n  - Accessibility score 80, 85\n- **unscored**\n`);
    expect(rendered).not.toMatch(/^\s*-\s*$/m);
    // A snapshot that scored nothing says why, instead of an empty table.
    expect(rendered).toContain('#### ✔ unscored\n\n`https://shop.example.com/`\n\nno score: a snapshot step is scored by category');
  });

  it("shows the scores of categories pages.json's categories ran, though no budget names them; never an unbudgeted performance score", () => {
    const sample = (accessibility: number) =>
      sampleAt('https://shop.example.com/about', { 'largest-contentful-paint': 900 }, { performance: 0.99, accessibility, seo: 1 });
    // The cases' budgets score performance only: the other categories are shown as measured.
    const about = summarizePage({ name: 'about', url: 'https://shop.example.com/about', runs: 2, samples: [sample(0.8), sample(0.85)], error: null });
    const rendered = renderMarkdown(judgedAlone([about], 2));
    expect(rendered).toContain('- **about**\n  - LCP 900 ms, 900 ms\n  - Accessibility score 80, 85\n  - SEO score 100, 100\n');
    expect(rendered).toContain('| Accessibility score | - | 83 (80 - 85) |  |\n| SEO score | - | 100 (100 - 100) |  |\n');
    // Performance runs on every page: its score is a row of its budget's only.
    expect(rendered.match(/\| Performance score \|/g)).toHaveLength(1);
    expect(rendered).not.toContain('- Performance score');
  });
});
