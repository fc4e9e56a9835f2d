import { describe, expect, it } from 'vitest';
import { comparePage, compareWithBase, regressionVerdicts } from '../src/base-comparison.js';
import { DEFAULT_COMPARISON } from '../src/config/model.js';
import { judgeRun } from '../src/judge-run.js';
import { commitStatus } from '../src/report/commit-status.js';
import { renderMarkdown } from '../src/report/markdown.js';
import type { RunSample } from '../src/metrics.js';
import { summarizePage, type PageResult } from '../src/results.js';
import { runSample } from './helpers.js';
import type { BaseComparison, ComparisonSettings, MetricComparison } from '../src/types.js';

const page = (name: string, lcp: number[], cls: number[] = lcp.map(() => 0)): PageResult =>
  summarizePage({
    name,
    url: `https://x/${name}`,
    runs: lcp.length,
    error: null,
    samples: lcp.map((value, i): RunSample => runSample({ metrics: { 'largest-contentful-paint': value, 'cumulative-layout-shift': cls[i]! } })),
  });
const lcpOf = (rows: MetricComparison[]) => rows.find((r) => r.id === 'largest-contentful-paint')!;
const BASE = [1000, 1010, 990, 1005, 995];

describe('comparePage', () => {
  it.each([
    ['a clear, large rise', BASE.map((v) => v + 300), 'regressed'],
    ['a clear, large drop', BASE.map((v) => v - 300), 'improved'],
    ['a significant rise below the minimum effect (5 %, 50 ms): its interval lies inside ± 50 ms', BASE.map((v) => v + 30), 'unchanged'],
    ['the same runs', BASE, 'unchanged'],
    ['a rise of about the minimum effect: neither shown nor ruled out', [1040, 1065, 1030, 1062, 1048], 'no significant change'],
  ] as const)('%s: %s', (_, now, verdict) => {
    expect(lcpOf(comparePage(page('p', [...now]), page('p', BASE), DEFAULT_COMPARISON)).verdict).toBe(verdict);
  });

  it('is inconclusive with too few runs for any p below alpha, and says how many more are needed', () => {
    const row = lcpOf(comparePage(page('p', [1500, 1600]), page('p', [1000, 1010]), DEFAULT_COMPARISON));
    expect(row).toMatchObject({ verdict: 'inconclusive', runs: 2, baseRuns: 2, moreRuns: 2 });
  });

  it('uses the CLS minimum for CLS and the given alpha', () => {
    const cls = (now: number[]) =>
      comparePage(page('p', BASE, now), page('p', BASE, [0, 0, 0, 0, 0]), DEFAULT_COMPARISON).find((r) => r.id === 'cumulative-layout-shift')!;
    expect(cls([0.005, 0.006, 0.005, 0.006, 0.005]).verdict).toBe('unchanged');
    expect(cls([0.05, 0.06, 0.05, 0.06, 0.05]).verdict).toBe('regressed');
    const strict: ComparisonSettings = { ...DEFAULT_COMPARISON, alpha: 0.001 };
    expect(
      lcpOf(
        comparePage(
          page(
            'p',
            BASE.map((v) => v + 300),
          ),
          page('p', BASE),
          strict,
        ),
      ).verdict,
    ).toBe('inconclusive');
  });
});

describe('compareWithBase', () => {
  it('compares the pages both sides measured, by name, and keeps the settings without the budgets', () => {
    const base = {
      createdAt: '2026-11-30T00:00:00.000Z',
      runsPerPage: 5,
      commit: 'abc1234',
      environment: { benchmarkIndex: 1234 },
      pages: [page('a', BASE), page('gone', BASE)],
    };
    const comparison = compareWithBase([page('a', BASE), page('new', BASE)], base as never, {
      ...DEFAULT_COMPARISON,
      maxIncrease: { 'largest-contentful-paint': { warn: 0.1, error: 0.2 } },
    });
    expect(new Set(comparison.metrics.map((m) => m.page))).toEqual(new Set(['a']));
    expect(comparison.base).toEqual({
      createdAt: '2026-11-30T00:00:00.000Z',
      runsPerPage: 5,
      measured: 'stored results',
      commit: 'abc1234',
      benchmarkIndex: 1234,
    });
    expect(comparison.settings).not.toHaveProperty('maxIncrease');
    // The page the base's results lack is named, so the review can say why it has no change.
    expect(comparison.withoutBase).toEqual([{ page: 'new', why: 'absent' }]);
  });

  it('names the pages whose stored base is an error, not the pages that are errors now', () => {
    const failed = (name: string): PageResult => ({ ...page(name, BASE), error: { code: 'NO_FCP', message: 'The page did not paint' } });
    const base = { createdAt: '2026-11-30T00:00:00.000Z', runsPerPage: 5, pages: [page('a', BASE), failed('broken-then'), page('broken-now', BASE)] };
    const comparison = compareWithBase([page('a', BASE), page('broken-then', BASE), failed('broken-now')], base as never, DEFAULT_COMPARISON);
    expect(comparison.withoutBase).toEqual([{ page: 'broken-then', why: 'error' }]);
    expect(new Set(comparison.metrics.map((m) => m.page))).toEqual(new Set(['a']));
    // Every page compared: nothing to say.
    expect(compareWithBase([page('a', BASE)], base as never, DEFAULT_COMPARISON)).not.toHaveProperty('withoutBase');
  });

  it("keeps the stored base's clues of each page compared, for the review to say what changed", () => {
    const clues = { lcpElement: { selector: 'main > p.lead', label: 'Fast shoes', runs: 5 }, mainThread: { scriptEvaluation: 120 }, shifts: [], scripts: {} };
    const withClues = (p: PageResult): PageResult => ({ ...p, clues });
    const base = { createdAt: '2026-11-30T00:00:00.000Z', runsPerPage: 5, pages: [withClues(page('a', BASE)), page('b', BASE), withClues(page('gone', BASE))] };
    const comparison = compareWithBase([page('a', BASE), page('b', BASE), page('new', BASE)], base as never, DEFAULT_COMPARISON);
    // b's stored results were made before perfgate kept clues; gone is not measured now.
    expect(comparison.baseClues).toEqual({ a: clues });
    expect(compareWithBase([page('b', BASE)], base as never, DEFAULT_COMPARISON)).not.toHaveProperty('baseClues');
  });

  it('does not judge a page measured with another Lighthouse version: the change is shown, "not comparable", and no regression budget fails', () => {
    const settings = { ...DEFAULT_COMPARISON, maxIncrease: { 'largest-contentful-paint': { warn: 0.1, error: 0.2 } } };
    const base = { createdAt: '2026-11-30T00:00:00.000Z', runsPerPage: 5, pages: [page('a', BASE), page('b', BASE)] };
    const onThirteen = {
      ...page(
        'a',
        BASE.map((v) => v + 600),
      ),
      lighthouseVersion: '13.5.0',
    };
    const same = page(
      'b',
      BASE.map((v) => v + 600),
    );
    const comparison = compareWithBase([onThirteen, same], base as never, settings);
    const a = lcpOf(comparison.metrics.filter((m) => m.page === 'a'));
    expect(a).toMatchObject({ verdict: 'not comparable', p: null, lighthouse: { base: '12.6.1', current: '13.5.0' }, delta: 600 });
    // The other page, on the same version, is judged; the page not compared is not counted in the family.
    expect(lcpOf(comparison.metrics.filter((m) => m.page === 'b')).verdict).toBe('regressed');
    expect(comparison.control?.family).toBe(comparison.metrics.filter((m) => m.page === 'b').length);
    const verdicts = regressionVerdicts(comparison, settings);
    expect(verdicts.find((v) => v.page === 'a')).toMatchObject({ status: 'pass', message: 'not compared: measured with Lighthouse 12.6.1 (base) and 13.5.0' });
    expect(verdicts.find((v) => v.page === 'b')?.status).toBe('fail');
  });
});

describe('compareWithBase across Lighthouse settings', () => {
  /** Lighthouse's mobile throttling, as its reports record it. */
  const MOBILE = {
    cpuSlowdownMultiplier: 4,
    rttMs: 150,
    throughputKbps: 1638.4,
    requestLatencyMs: 562.5,
    downloadThroughputKbps: 1474.5600000000002,
    uploadThroughputKbps: 675,
  };
  const environment = (throttling: Record<string, number>, throttlingMethod = 'simulate') => ({
    chromeVersion: null,
    nodeVersion: 'v20.20.0',
    formFactor: 'mobile' as const,
    throttlingMethod,
    throttling,
    benchmarkIndex: 1000,
  });
  const base = {
    createdAt: '2026-11-30T00:00:00.000Z',
    runsPerPage: 5,
    environment: environment(MOBILE),
    pages: [page('a', BASE), page('b', BASE)],
    budgets: [],
  } as never;
  const slower = (name: string) =>
    page(
      name,
      BASE.map((v) => v + 600),
    );

  it('judges runs measured with the same form factor and throttling; a value the method does not read does not count', () => {
    expect(lcpOf(compareWithBase([slower('a')], base, DEFAULT_COMPARISON, [], environment(MOBILE)).metrics).verdict).toBe('regressed');
    const latency = environment({ ...MOBILE, requestLatencyMs: 100 });
    expect(lcpOf(compareWithBase([slower('a')], base, DEFAULT_COMPARISON, [], latency).metrics).verdict, 'simulate reads no request latency').toBe('regressed');
  });

  it("judges each page with its own form factor's settings when a run measured pages of both", () => {
    const DESKTOP = { cpuSlowdownMultiplier: 1, rttMs: 40, throughputKbps: 10240 };
    const mixed = (desktopThrottling: Record<string, number>) => ({
      ...environment(MOBILE),
      otherFormFactor: { formFactor: 'desktop' as const, throttlingMethod: 'simulate', throttling: desktopThrottling },
    });
    const desktopPage = (name: string, values: number[]) => ({ ...page(name, values), formFactor: 'desktop' as const });
    const mixedBase = {
      ...(base as unknown as Record<string, unknown>),
      environment: mixed(DESKTOP),
      pages: [page('a', BASE), desktopPage('d', BASE)],
    } as never;
    const pages = [
      slower('a'),
      desktopPage(
        'd',
        BASE.map((v) => v + 600),
      ),
    ];
    const verdictOf = (name: string, comparison: ReturnType<typeof compareWithBase>) => lcpOf(comparison.metrics.filter((m) => m.page === name));
    // The same settings on both sides: both pages are judged.
    const same = compareWithBase(pages, mixedBase, DEFAULT_COMPARISON, [], mixed(DESKTOP));
    expect(verdictOf('a', same).verdict).toBe('regressed');
    expect(verdictOf('d', same).verdict).toBe('regressed');
    // The desktop pages' CPU slowdown changed: only they are not judged, named with their own throttling, not the first run's.
    const other = compareWithBase(pages, mixedBase, DEFAULT_COMPARISON, [], mixed({ ...DESKTOP, cpuSlowdownMultiplier: 2 }));
    expect(verdictOf('a', other).verdict).toBe('regressed');
    expect(verdictOf('d', other)).toMatchObject({
      verdict: 'not comparable',
      measuredWith: {
        base: 'desktop, simulated throttling (CPU 1x, RTT 40 ms, 10240 Kbit/s)',
        current: 'desktop, simulated throttling (CPU 2x, RTT 40 ms, 10240 Kbit/s)',
      },
    });
    // A base that did not record its desktop pages' settings: they are judged, as before.
    const older = { ...(mixedBase as unknown as Record<string, unknown>), environment: environment(MOBILE) } as never;
    expect(verdictOf('d', compareWithBase(pages, older, DEFAULT_COMPARISON, [], mixed(DESKTOP))).verdict).toBe('regressed');
  });

  it('compares the screens when both sides recorded them: another width is not judged; a base that did not record its screen is', () => {
    const screen = (width: number) => ({ width, height: 823, deviceScaleFactor: 1.75, mobile: true, disabled: false });
    const withScreen = { ...(base as unknown as Record<string, unknown>), environment: { ...environment(MOBILE), screen: screen(412) } } as never;
    const here = { ...environment(MOBILE), screen: screen(360) };
    expect(lcpOf(compareWithBase([slower('a')], withScreen, DEFAULT_COMPARISON, [], here).metrics)).toMatchObject({
      verdict: 'not comparable',
      measuredWith: {
        base: 'mobile, 412 x 823 at 1.75x, simulated throttling (CPU 4x, RTT 150 ms, 1638.4 Kbit/s)',
        current: 'mobile, 360 x 823 at 1.75x, simulated throttling (CPU 4x, RTT 150 ms, 1638.4 Kbit/s)',
      },
    });
    expect(lcpOf(compareWithBase([slower('a')], withScreen, DEFAULT_COMPARISON, [], { ...here, screen: screen(412) }).metrics).verdict).toBe('regressed');
    expect(lcpOf(compareWithBase([slower('a')], base, DEFAULT_COMPARISON, [], here).metrics).verdict, 'the base did not record its screen').toBe('regressed');
  });

  it('compares the user agents when both sides recorded them, naming them only when they differ; a base that did not record its own is judged', () => {
    const withAgent = (userAgent: string | false) =>
      ({ ...(base as unknown as Record<string, unknown>), environment: { ...environment(MOBILE), userAgent } }) as never;
    const here = { ...environment(MOBILE), userAgent: 'Acme Lab/2.0' };
    expect(lcpOf(compareWithBase([slower('a')], withAgent('Acme Lab/1.0'), DEFAULT_COMPARISON, [], here).metrics)).toMatchObject({
      verdict: 'not comparable',
      measuredWith: {
        base: 'mobile, simulated throttling (CPU 4x, RTT 150 ms, 1638.4 Kbit/s), user agent "Acme Lab/1.0"',
        current: 'mobile, simulated throttling (CPU 4x, RTT 150 ms, 1638.4 Kbit/s), user agent "Acme Lab/2.0"',
      },
    });
    expect(lcpOf(compareWithBase([slower('a')], withAgent(false), DEFAULT_COMPARISON, [], here).metrics).measuredWith?.base).toBe(
      "mobile, simulated throttling (CPU 4x, RTT 150 ms, 1638.4 Kbit/s), Chrome's own user agent",
    );
    expect(lcpOf(compareWithBase([slower('a')], withAgent('Acme Lab/2.0'), DEFAULT_COMPARISON, [], here).metrics).verdict).toBe('regressed');
    expect(lcpOf(compareWithBase([slower('a')], base, DEFAULT_COMPARISON, [], here).metrics).verdict, 'the base did not record its user agent').toBe(
      'regressed',
    );
  });

  it('does not judge runs with another CPU slowdown, throttling method or form factor: the change is shown, "not comparable", and the review says why', () => {
    const cpu2 = environment({ ...MOBILE, cpuSlowdownMultiplier: 2 });
    const comparison = compareWithBase([slower('a')], base, DEFAULT_COMPARISON, [], cpu2);
    expect(lcpOf(comparison.metrics)).toMatchObject({
      verdict: 'not comparable',
      p: null,
      delta: 600,
      measuredWith: {
        base: 'mobile, simulated throttling (CPU 4x, RTT 150 ms, 1638.4 Kbit/s)',
        current: 'mobile, simulated throttling (CPU 2x, RTT 150 ms, 1638.4 Kbit/s)',
      },
    });
    expect(lcpOf(comparison.metrics)).not.toHaveProperty('lighthouse');
    expect(lcpOf(compareWithBase([slower('a')], base, DEFAULT_COMPARISON, [], environment(MOBILE, 'devtools')).metrics).measuredWith?.current).toBe(
      'mobile, devtools throttling (CPU 4x, latency 562.5 ms, 1474.56/675 Kbit/s down/up)',
    );
    const desktop = { ...slower('a'), formFactor: 'desktop' as const };
    expect(lcpOf(compareWithBase([desktop, slower('b')], base, DEFAULT_COMPARISON, [], environment(MOBILE)).metrics)).toMatchObject({
      verdict: 'not comparable',
      // This run's results do not say how its desktop pages were throttled: the form factor is named alone.
      measuredWith: { base: 'mobile, simulated throttling (CPU 4x, RTT 150 ms, 1638.4 Kbit/s)', current: 'desktop' },
    });

    const results = judgeRun({
      pages: [slower('a')],
      budgets: { rules: [], comparison: { ...DEFAULT_COMPARISON, maxIncrease: { 'largest-contentful-paint': { warn: 0.1, error: 0.2 } } } },
      base: base as never,
      environment: cpu2,
      runsPerPage: 5,
      createdAt: '2026-12-04T00:00:00.000Z',
      version: '0.1.0',
    });
    expect(results.verdict, 'no regression budget fails on runs that cannot be compared').toBe('pass');
    const review = renderMarkdown(results);
    expect(review).toContain('changes not judged (other Lighthouse settings)');
    expect(review).toContain(
      'The base was measured with other Lighthouse settings (mobile, simulated throttling (CPU 4x, RTT 150 ms, 1638.4 Kbit/s) there, mobile, simulated throttling (CPU 2x, RTT 150 ms, 1638.4 Kbit/s) here)',
    );
    expect(commitStatus(results).description).toContain('not compared (Lighthouse settings differ)');
    // Throttling that is not the preset's is said where the review says how it was measured; the preset's is not.
    expect(review).toContain('<sub>Against stored results');
    expect(review.split('\n').find((line) => line.startsWith('<sub>'))).toContain('mobile, simulated throttling (CPU 2x, RTT 150 ms, 1638.4 Kbit/s)');
    const preset = renderMarkdown({ ...results, environment: environment(MOBILE) });
    expect(preset.split('\n').find((line) => line.startsWith('<sub>'))).toMatch(/ · mobile · Lighthouse /);
  });
});

describe('regressionVerdicts', () => {
  const comparisonWith = (row: Partial<MetricComparison>): BaseComparison => ({
    base: { createdAt: '', runsPerPage: 5 },
    settings: { alpha: 0.05, minRelative: 0.05, minMs: 50, minCls: 0.01 },
    metrics: [
      {
        page: 'p',
        id: 'largest-contentful-paint',
        label: 'LCP',
        unit: 'ms',
        base: 1000,
        current: 1150,
        delta: 150,
        relative: 0.15,
        p: 0.008,
        runs: 5,
        baseRuns: 5,
        verdict: 'regressed',
        moreRuns: 0,
        ...row,
      },
    ],
  });
  const settings: ComparisonSettings = { ...DEFAULT_COMPARISON, maxIncrease: { 'largest-contentful-paint': { warn: 0.1, error: 0.2 } } };

  it.each([
    ['a significant regression beyond the warn level', { relative: 0.15 }, 'warn', 'regressed (p = 0.008)'],
    ['a significant regression beyond the error level', { relative: 0.25, delta: 250 }, 'fail', 'regressed (p = 0.008)'],
    ['an inconclusive rise beyond a level', { verdict: 'inconclusive', p: 0.1, moreRuns: 2 }, 'warn', 'inconclusive: 2 more runs per side needed'],
    ['a rise still open at the most runs allowed', { verdict: 'inconclusive', p: 0.1, moreRuns: 0, runs: 15 }, 'warn', 'inconclusive after 15 runs per side'],
    ['a rise that is not significant', { verdict: 'no significant change', p: 0.3 }, 'pass', 'no significant change'],
    ['an improvement', { verdict: 'improved', relative: -0.2, delta: -200 }, 'pass', 'improved (p = 0.008)'],
  ] as const)('%s: %s', (_, row, status, message) => {
    const [verdict] = regressionVerdicts(comparisonWith(row as Partial<MetricComparison>), settings);
    expect(verdict).toMatchObject({ kind: 'regression', id: 'regression:largest-contentful-paint', status, message, unit: 'ratio', warn: 0.1, error: 0.2 });
  });

  it('judges only the metrics that have a regression budget', () => {
    expect(regressionVerdicts(comparisonWith({ id: 'speed-index' }), settings)).toEqual([]);
  });
});
