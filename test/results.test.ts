import { describe, expect, it } from 'vitest';
import type { RunSample } from '../src/metrics.js';
import { environmentOf, EXIT_CODES, formFactorSettings, overallVerdict, settingsFor, summarizePage, worst } from '../src/results.js';
import type { Status, Verdict } from '../src/types.js';

const run = (fcp: number | undefined, tti: number, score: number, scriptBytes: number, benchmarkIndex: number): RunSample => ({
  lighthouseVersion: '12.6.1',
  requestedUrl: 'https://x/',
  finalUrl: 'https://x/',
  fetchTime: '2026-12-01T00:00:00.000Z',
  runtimeError: null,
  metrics: { ...(fcp === undefined ? {} : { 'first-contentful-paint': fcp }), interactive: tti },
  scores: { performance: score },
  resources: { script: { bytes: scriptBytes, requests: 4 } },
  environment: { benchmarkIndex, hostUserAgent: '', formFactor: 'desktop', throttlingMethod: 'devtools', throttling: null },
});

const verdict = (status: Status): Verdict => ({
  page: 'p',
  kind: 'timing',
  id: 'interactive',
  label: 'TTI',
  unit: 'ms',
  operator: '<=',
  warn: 1,
  error: 2,
  actual: 1,
  values: [1],
  status,
});

describe('summarizePage', () => {
  const page = summarizePage({
    name: 'home',
    url: 'https://x/',
    runs: 4,
    error: null,
    samples: [run(1000, 3000, 0.9, 100, 1500), run(1200, 3300, 0.8, 100, 1600), run(undefined, 3100, 0.85, 120, 1400)],
  });

  it('aggregates each metric over the runs that measured it: median, range and spread', () => {
    expect(page.metrics['first-contentful-paint']).toEqual({ median: 1100, min: 1000, max: 1200, spread: 200 / 1100, values: [1000, 1200] });
    expect(page.metrics.interactive?.median).toBe(3100);
    expect(page.metrics['largest-contentful-paint']).toBeUndefined();
    expect(page.scores.performance?.median).toBe(0.85);
    expect(page.resources.script?.bytes.median).toBe(100);
    expect(page.resources.script?.requests.median).toBe(4);
  });

  it('counts runs asked for and runs measured, and takes form factor and version from the runs', () => {
    expect(page).toMatchObject({ runs: 4, measuredRuns: 3, formFactor: 'desktop', lighthouseVersion: '12.6.1', error: null, retries: [], reports: null });
  });

  it('picks as representative the run closest to the median FCP and TTI', () => {
    const runs = [run(900, 2000, 1, 1, 1), run(1000, 3000, 1, 1, 1), run(2000, 9000, 1, 1, 1)];
    expect(summarizePage({ name: 'p', url: 'u', runs: 3, error: null, samples: runs }).representativeRun).toBe(1);
  });

  it('keeps a page that could not be measured as its error, with nothing aggregated', () => {
    const broken = summarizePage({ name: 'p', url: 'u', runs: 2, error: { code: 'NO_FCP', message: 'no paint' }, samples: [] });
    expect(broken).toMatchObject({ measuredRuns: 0, metrics: {}, scores: {}, resources: {}, error: { code: 'NO_FCP' }, formFactor: null });
  });
});

describe('environmentOf', () => {
  it('takes the first run’s settings, the median benchmark index and the versions it is given', () => {
    expect(environmentOf([run(1, 1, 1, 1, 1500), run(1, 1, 1, 1, 1700), run(1, 1, 1, 1, 1600)], 'Chrome/1', 'mobile', 'v20.0.0')).toEqual({
      chromeVersion: 'Chrome/1',
      nodeVersion: 'v20.0.0',
      formFactor: 'desktop',
      throttlingMethod: 'devtools',
      throttling: null,
      benchmarkIndex: 1600,
    });
    expect(environmentOf([], null, 'mobile', 'v22.0.0')).toMatchObject({ formFactor: 'mobile', benchmarkIndex: null, nodeVersion: 'v22.0.0' });
  });

  it("records the first run's user agent, Chrome's own as false, and none for runs that did not say", () => {
    const sent = (userAgent: string | false | null | undefined) => {
      const sample = run(1, 1, 1, 1, 1500);
      return { ...sample, environment: { ...sample.environment, userAgent } };
    };
    expect(environmentOf([sent('Acme Lab/1.0'), sent(false)], null, 'mobile', 'v20.0.0').userAgent).toBe('Acme Lab/1.0');
    expect(environmentOf([sent(false)], null, 'mobile', 'v20.0.0').userAgent).toBe(false);
    expect(environmentOf([sent(null)], null, 'mobile', 'v20.0.0')).not.toHaveProperty('userAgent');
    expect(environmentOf([sent(undefined)], null, 'mobile', 'v20.0.0')).not.toHaveProperty('userAgent');
  });

  it("records the other form factor's settings when pages of both were measured, and finds each form factor's", () => {
    const desktop = run(1, 1, 1, 1, 1500);
    const screen = { width: 412, height: 823, deviceScaleFactor: 1.75, mobile: true, disabled: false };
    const mobile = {
      ...desktop,
      environment: { ...desktop.environment, formFactor: 'mobile' as const, throttlingMethod: 'simulate', throttling: { cpuSlowdownMultiplier: 4 }, screen },
    };
    const environment = environmentOf(
      [desktop, desktop, mobile, { ...mobile, environment: { ...mobile.environment, screen: null } }],
      null,
      'mobile',
      'v20.0.0',
    );
    expect(environment).toMatchObject({ formFactor: 'desktop', throttlingMethod: 'devtools', throttling: null });
    expect(environment.otherFormFactor).toEqual({ formFactor: 'mobile', throttlingMethod: 'simulate', throttling: { cpuSlowdownMultiplier: 4 }, screen });
    expect(settingsFor(environment, 'mobile')).toBe(environment.otherFormFactor);
    expect(settingsFor(environment, 'desktop')).toEqual({ formFactor: 'desktop', throttlingMethod: 'devtools', throttling: null });
    expect(formFactorSettings(environment).map((s) => s.formFactor)).toEqual(['desktop', 'mobile']);
    // One form factor: nothing more recorded; results that did not record the other's do not say.
    const one = environmentOf([desktop, desktop], null, 'mobile', 'v20.0.0');
    expect(one).not.toHaveProperty('otherFormFactor');
    expect(settingsFor(one, 'mobile')).toBeUndefined();
    expect(formFactorSettings(one)).toHaveLength(1);
    expect(formFactorSettings(environmentOf([], null, null, 'v20.0.0'))).toEqual([]);
  });

  it('takes a first run that recorded no form factor as the one it was asked for, so a run of that form factor is not the other', () => {
    const desktop = run(1, 1, 1, 1, 1500);
    const unsaid = { ...desktop, environment: { ...desktop.environment, formFactor: null } };
    const mobile = { ...desktop, environment: { ...desktop.environment, formFactor: 'mobile' as const, throttlingMethod: 'simulate' } };
    const same = environmentOf([unsaid, desktop], null, 'desktop', 'v20.0.0');
    expect(same.formFactor).toBe('desktop');
    expect(same).not.toHaveProperty('otherFormFactor');
    expect(environmentOf([unsaid, desktop, mobile], null, 'desktop', 'v20.0.0').otherFormFactor).toEqual({
      formFactor: 'mobile',
      throttlingMethod: 'simulate',
      throttling: null,
    });
  });
});

describe('verdicts and exit codes', () => {
  it.each([
    [[], 'pass'],
    [['pass', 'warn'], 'warn'],
    [['warn', 'fail', 'pass'], 'fail'],
    [['fail', 'error'], 'error'],
  ] as const)('worst of %j is %s', (statuses, expected) => {
    expect(worst(statuses)).toBe(expected);
  });

  it('makes a run with a page that could not be measured an error, whatever its budgets', () => {
    const broken = summarizePage({ name: 'p', url: 'u', runs: 1, error: { code: 'X', message: 'x' }, samples: [] });
    expect(overallVerdict([broken], [verdict('pass')])).toBe('error');
    expect(overallVerdict([], [verdict('warn')])).toBe('warn');
  });

  it.each([
    ['pass', 0],
    ['warn', 0],
    ['fail', 1],
    ['error', 3],
  ] as const)('exits %s with %i', (status, code) => {
    expect(EXIT_CODES[status]).toBe(code);
  });
});
