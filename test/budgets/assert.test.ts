import { describe, expect, it } from 'vitest';
import { assertPage } from '../../src/budgets/assert.js';
import { judge } from '../../src/budgets/judge.js';
import type { BudgetRule } from '../../src/config/model.js';
import type { RunSample } from '../../src/metrics.js';
import { summarizePage } from '../../src/results.js';
import { runSample } from '../helpers.js';

const sample = (metrics: RunSample['metrics'], extra: Partial<RunSample> = {}): RunSample =>
  runSample({
    requestedUrl: 'http://localhost/',
    finalUrl: 'http://localhost/',
    metrics,
    scores: { performance: 0.92 },
    resources: { script: { bytes: 300_000, requests: 4 } },
    ...extra,
  });

const rule = (partial: Partial<BudgetRule>): BudgetRule => ({ path: '/', timings: {}, scores: {}, resourceSizes: {}, resourceCounts: {}, ...partial });

describe('judge', () => {
  it.each([
    [100, { warn: 200, error: 300 }, '<=', 'pass'],
    [200, { warn: 200, error: 300 }, '<=', 'pass'],
    [201, { warn: 200, error: 300 }, '<=', 'warn'],
    [301, { warn: 200, error: 300 }, '<=', 'fail'],
    [301, { warn: null, error: 300 }, '<=', 'fail'],
    [301, { warn: 300, error: null }, '<=', 'warn'],
    [0.95, { warn: 0.9, error: 0.5 }, '>=', 'pass'],
    [0.9, { warn: 0.9, error: 0.5 }, '>=', 'pass'],
    [0.89, { warn: 0.9, error: 0.5 }, '>=', 'warn'],
    [0.49, { warn: 0.9, error: 0.5 }, '>=', 'fail'],
    [null, { warn: 1, error: 2 }, '<=', 'error'],
    [Number.NaN, { warn: 1, error: 2 }, '<=', 'error'],
  ] as const)('%s against %j (%s) is %s', (actual, limits, operator, status) => {
    expect(judge(actual, limits, operator)).toBe(status);
  });
});

describe('assertPage', () => {
  const page = summarizePage({
    name: 'home',
    url: 'http://localhost/',
    runs: 3,
    error: null,
    samples: [
      sample({ 'largest-contentful-paint': 2000, interactive: 4000 }),
      sample({ 'largest-contentful-paint': 3000 }),
      sample({ 'largest-contentful-paint': 2600, interactive: 6000 }),
    ],
  });

  it('compares the median with the limits, for every kind', () => {
    const verdicts = assertPage(page, [
      rule({
        timings: { 'largest-contentful-paint': { warn: 2500, error: 4000 } },
        scores: { performance: { warn: null, error: 0.9 } },
        resourceSizes: { script: { warn: 250_000, error: 350_000 } },
        resourceCounts: { script: { warn: null, error: 3 } },
      }),
    ]);
    expect(verdicts.map((v) => [v.kind, v.id, v.actual, v.status])).toEqual([
      ['timing', 'largest-contentful-paint', 2600, 'warn'],
      ['score', 'categories:performance', 0.92, 'pass'],
      ['resource', 'resource-summary:script:size', 300_000, 'warn'],
      ['resource', 'resource-summary:script:count', 4, 'fail'],
    ]);
    expect(verdicts[0]).toMatchObject({ page: 'home', label: 'LCP', unit: 'ms', operator: '<=', warn: 2500, error: 4000, values: [2000, 3000, 2600] });
  });

  it('judges each option of an audit budget on the runs’ medians, a numeric value in the audit’s unit', () => {
    const audited = summarizePage({
      name: 'home',
      url: 'http://localhost/',
      runs: 3,
      error: null,
      samples: [700, 900, 800].map((ms, i) =>
        sample({}, { audits: { 'unused-javascript': { score: [0.5, 0.3, 0.4][i] as number, numericValue: ms, numericUnit: 'millisecond', items: 4 } } }),
      ),
    });
    const verdicts = assertPage(audited, [
      rule({
        audits: {
          'unused-javascript': { minScore: { warn: 0.9, error: 0.3 }, maxNumericValue: { warn: 500, error: 1000 }, maxLength: { warn: null, error: 3 } },
          'errors-in-console': { maxLength: { warn: null, error: 0 } },
        },
      }),
    ]);
    expect(verdicts.map((v) => [v.kind, v.id, v.label, v.unit, v.operator, v.actual, v.status])).toEqual([
      ['audit', 'unused-javascript:minScore', 'unused-javascript score', 'score', '>=', 0.4, 'warn'],
      ['audit', 'unused-javascript:maxNumericValue', 'unused-javascript value', 'ms', '<=', 800, 'warn'],
      ['audit', 'unused-javascript:maxLength', 'unused-javascript items', 'count', '<=', 4, 'fail'],
      ['audit', 'errors-in-console:maxLength', 'errors-in-console items', 'count', '<=', null, 'error'],
    ]);
    expect(verdicts[3]?.message).toBe('not measured: Lighthouse reported no value for the "errors-in-console" audit\'s details in any run');
  });

  it('uses only the runs that have a metric, and says so', () => {
    const [tti] = assertPage(page, [rule({ timings: { interactive: { warn: null, error: 5500 } } })]);
    expect(tti).toMatchObject({ actual: 5000, values: [4000, 6000], status: 'pass', message: 'measured in 2 of 3 runs' });
  });

  it('reports a metric missing from every run as not measured, never as a pass', () => {
    const [verdict] = assertPage(page, [rule({ timings: { 'speed-index': { warn: 1, error: 2 } }, scores: {} })]);
    expect(verdict).toMatchObject({ status: 'error', actual: null });
    expect(verdict?.message).toContain('not measured');
    const [score] = assertPage(page, [rule({ scores: { accessibility: { warn: null, error: 0.9 } } })]);
    expect(score?.status).toBe('error');
  });

  it('marks every budget of a page that could not be measured', () => {
    const broken = summarizePage({
      name: 'gone',
      url: 'http://localhost/gone',
      runs: 3,
      samples: [],
      error: { code: 'ERRORED_DOCUMENT_REQUEST', message: '404' },
    });
    const verdicts = assertPage(broken, [rule({ timings: { interactive: { warn: 1, error: 2 } }, scores: { performance: { warn: null, error: 0.5 } } })]);
    expect(verdicts.map((v) => v.status)).toEqual(['error', 'error']);
    expect(verdicts[0]?.message).toContain('ERRORED_DOCUMENT_REQUEST');
  });

  it('applies the last matching rule only', () => {
    const verdicts = assertPage(page, [
      rule({ path: '/', timings: { interactive: { warn: 1, error: 2 } } }),
      rule({ path: '/$', timings: { 'largest-contentful-paint': { warn: null, error: 9999 } } }),
    ]);
    expect(verdicts.map((v) => v.id)).toEqual(['largest-contentful-paint']);
    expect(assertPage(page, [rule({ path: '/other' })])).toEqual([]);
  });
});
