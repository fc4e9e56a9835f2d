import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractRun, isLighthouseReport } from '../src/metrics.js';
import { LHR_A, LHR_B, ROOT } from './helpers.js';

/**
 * What the two real reports hold, read off the files by hand (jq), not by the code under test:
 * extractRun must return exactly these.
 */
const EXPECTED = {
  [LHR_A]: {
    metrics: {
      'first-contentful-paint': 3222.7406600000004,
      'largest-contentful-paint': 6609.92562,
      interactive: 82970.67333599989,
      'total-blocking-time': 5392.992840000004,
      'cumulative-layout-shift': 0.0009169082435409089,
      'speed-index': 7296.69369965446,
    },
    scores: { performance: 0.34, accessibility: 0.83, 'best-practices': 0.57, seo: 1 },
    resources: { total: { bytes: 15_356_702, requests: 109 }, script: { bytes: 2_107_167, requests: 46 }, 'third-party': { bytes: 1_049_534, requests: 44 } },
    benchmarkIndex: 2790,
  },
  [LHR_B]: {
    metrics: {
      'first-contentful-paint': 3248.11945,
      'largest-contentful-paint': 3961.4776000000006,
      interactive: 80927.15705599992,
      'total-blocking-time': 3833.256739999997,
      'cumulative-layout-shift': 0.0009169082435409089,
      'speed-index': 6450.190963141526,
    },
    scores: { performance: 0.46, accessibility: 0.83, 'best-practices': 0.57, seo: 1 },
    resources: { total: { bytes: 15_359_910, requests: 112 }, script: { bytes: 2_108_036, requests: 48 }, 'third-party': { bytes: 1_050_399, requests: 46 } },
    benchmarkIndex: 2826,
  },
};

describe.each([LHR_A, LHR_B])('extractRun on the real report %s', (file) => {
  const sample = extractRun(JSON.parse(readFileSync(file, 'utf8')));
  const expected = EXPECTED[file]!;

  it('takes the six timing metrics', () => {
    expect(sample.metrics).toEqual(expected.metrics);
  });

  it('takes every category score', () => {
    expect(sample.scores).toEqual(expected.scores);
  });

  it('takes transfer sizes and request counts from resource-summary', () => {
    for (const [type, value] of Object.entries(expected.resources)) expect(sample.resources[type as 'total']).toEqual(value);
  });

  it('reads version, environment and settings', () => {
    expect(sample.lighthouseVersion).toBe('12.0.0');
    expect(sample.environment.benchmarkIndex).toBe(expected.benchmarkIndex);
    expect(sample.environment.formFactor).toBe('mobile');
    expect(sample.environment.throttlingMethod).toBe('simulate');
    expect(sample.environment.userAgent, "the mobile preset's user agent").toMatch(/^Mozilla\/5\.0 \(Linux; Android 11; moto g power \(2022\)\)/);
    expect(sample.runtimeError).toBeNull();
  });
});

describe('extractRun of the audits an audit budget reads', () => {
  const lhr = JSON.parse(readFileSync(LHR_A, 'utf8'));

  it('takes each named audit’s score, numeric value and unit, and number of detail items, and only those', () => {
    // Read off the file by hand (jq '.audits["dom-size"]' and so on).
    expect(extractRun(lhr, ['dom-size', 'uses-long-cache-ttl', 'errors-in-console', 'no-such-audit']).audits).toEqual({
      'dom-size': { score: 0, numericValue: 1305, numericUnit: 'element', items: 3 },
      'uses-long-cache-ttl': { score: 0.5, numericValue: 139382.36102420857, numericUnit: 'byte', items: 17 },
      'errors-in-console': { score: 1, numericValue: null, numericUnit: null, items: 0 },
    });
    expect(extractRun(lhr).audits).toEqual({});
  });

  it('counts as Lighthouse CI does: an audit that does not apply scores 1, an informative one 0, no details 0 items; one that failed gives nothing', () => {
    // Lighthouse 12 writes a score of 1 for its informative audits; one without a score counts 0.
    const informative = { ...lhr.audits['network-requests'], score: null };
    const failed = {
      ...lhr,
      audits: { ...lhr.audits, 'network-requests': informative, 'dom-size': { ...lhr.audits['dom-size'], scoreDisplayMode: 'error', score: null } },
    };
    expect(extractRun(failed, ['redirects-http', 'network-requests', 'dom-size']).audits).toEqual({
      'redirects-http': { score: 1, numericValue: null, numericUnit: null, items: 0 },
      'network-requests': { score: 0, numericValue: null, numericUnit: null, items: lhr.audits['network-requests'].details.items.length },
      'dom-size': { score: null, numericValue: null, numericUnit: 'element', items: null },
    });
  });

  it('takes the audits a run was asked for (onlyAudits), as perfgate’s runs and the generated lighthouserc ask', () => {
    const asked = { ...lhr, configSettings: { ...lhr.configSettings, onlyAudits: ['dom-size'] } };
    expect(Object.keys(extractRun(asked).audits ?? {})).toEqual(['dom-size']);
  });

  it('reads user timings when the run asked for the user-timings audit: a mark’s start, a measure’s duration, the first of a name', () => {
    // The report's page made none: its user-timings audit given the items Lighthouse lists for marks and measures.
    const items = [
      { name: 'App Boot', startTime: 12.5, duration: 250.25, timingType: 'Measure' },
      { name: 'hero-rendered', startTime: 1200, timingType: 'Mark' },
      { name: 'hero-rendered', startTime: 1900, timingType: 'Mark' },
    ];
    const timed = { ...lhr, audits: { ...lhr.audits, 'user-timings': { ...lhr.audits['user-timings'], details: { type: 'table', items } } } };
    const ms = (value: number) => ({ score: null, numericValue: value, numericUnit: 'millisecond', items: null });
    const expected = { 'user-timings:app-boot': ms(250.25), 'user-timings:hero-rendered': ms(1200) };
    expect(extractRun({ ...timed, configSettings: { ...lhr.configSettings, onlyAudits: ['user-timings'] } }).audits).toEqual(expected);
    expect(extractRun(timed, ['user-timings']).audits).toEqual(expected);
    expect(extractRun(timed).audits).toEqual({});
  });
});

describe('extractRun on damaged input', () => {
  it('reports missing audits as absent, never as zero', () => {
    const sample = extractRun({ lighthouseVersion: '12.6.1', audits: { interactive: {}, 'speed-index': { numericValue: 'x' } } });
    expect(sample.metrics).toEqual({});
    expect(sample.resources).toEqual({});
  });
  it('keeps the runtime error', () => {
    const sample = extractRun({ lighthouseVersion: '12.6.1', audits: {}, runtimeError: { code: 'NO_FCP', message: 'The page did not paint any content.' } });
    expect(sample.runtimeError).toEqual({ code: 'NO_FCP', message: 'The page did not paint any content.' });
  });
  it.each([
    [{ lighthouseVersion: '12.6.1', audits: {} }, true],
    [{ audits: {} }, false],
    [[], false],
    [null, false],
  ])('isLighthouseReport(%j) = %s', (value, expected) => {
    expect(isLighthouseReport(value)).toBe(expected);
  });
});

/** Reports of six Lighthouse versions over the example's products page (scripts/make-lhr-fixtures.mjs), values read off with jq. */
const VERSIONS = path.join(ROOT, 'test/fixtures/lhr-versions');
const BY_VERSION = [
  ['8.6.0', [914.9199, 1319.8665, 1319.8665, 45, 0, 914.9199], 0.93],
  ['9.6.8', [906.2613, 906.2613, 906.2613, 0, 0, 906.2613], 0.92],
  ['10.4.0', [906.9033000000001, 906.9033000000001, 906.9033000000001, 0, 0, 906.9033000000001], 0.92],
  ['11.7.1', [908.2242, 908.2242, 908.2242, 0, 0, 908.2242], 0.96],
  ['12.6.1', [1045, 1045, 1045, 0, 0, 1045], 0.96],
  ['13.5.0', [1011.3743, 1034.3743, 1036.6743000000001, 0, 0, 1011.3743], 0.96],
] as const;

describe('extractRun on reports of Lighthouse 8 to 13', () => {
  it.each(BY_VERSION)('Lighthouse %s: every metric, score and resource weight', (version, [fcp, lcp, tti, tbt, cls, si], bestPractices) => {
    const report = JSON.parse(readFileSync(path.join(VERSIONS, `lh-${version.replaceAll('.', '-')}-products.json`), 'utf8'));
    expect(isLighthouseReport(report)).toBe(true);
    const run = extractRun(report);
    expect(run.lighthouseVersion).toBe(version);
    expect(run.runtimeError).toBeNull();
    expect(run.finalUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/products\/$/);
    expect(run.metrics).toEqual({
      'first-contentful-paint': fcp,
      'largest-contentful-paint': lcp,
      interactive: tti,
      'total-blocking-time': tbt,
      'cumulative-layout-shift': cls,
      'speed-index': si,
    });
    expect(run.scores).toEqual({ performance: 1, accessibility: 1, 'best-practices': bestPractices, seo: 1 });
    expect(run.resources.total).toEqual({ bytes: 14_729, requests: 4 });
    expect(run.resources.script).toEqual({ bytes: 11_979, requests: 2 });
    expect(run.environment.formFactor).toBe('mobile');
    expect(run.environment.benchmarkIndex).toBeGreaterThan(0);
  });
});

describe('extractRun on a user flow’s snapshot step', () => {
  // A real snapshot step of the example's flow (Lighthouse 12.6.1): its performance category holds
  // diagnostics only, every one of weight 0, and Lighthouse writes 0 as its score (0 / 0, read off with jq).
  const report = JSON.parse(readFileSync(path.join(ROOT, 'test/fixtures/flow-steps/lh-12-6-1-snapshot.json'), 'utf8'));

  it('takes no performance score from a category none of whose audits counts, and keeps the others', () => {
    expect(report.gatherMode).toBe('snapshot');
    expect(report.categories.performance.score).toBe(0);
    expect(report.categories.performance.auditRefs.every((ref: { weight: number }) => ref.weight === 0)).toBe(true);
    const run = extractRun(report);
    expect(run.scores).toEqual({ accessibility: 1 });
  });

  it('keeps a score of 0 where audits count', () => {
    const failing = structuredClone(report);
    failing.categories.accessibility.score = 0;
    expect(extractRun(failing).scores).toEqual({ accessibility: 0 });
  });
});
