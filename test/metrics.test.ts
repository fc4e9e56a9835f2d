import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractRun, isLighthouseReport } from '../src/metrics.js';
import { LHR_A, LHR_B } from './helpers.js';

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
    expect(sample.runtimeError).toBeNull();
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
