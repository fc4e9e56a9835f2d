import { describe, expect, it } from 'vitest';
import { DEFAULT_COMPARISON } from '../src/config/model.js';
import { judgeRun, type RunToJudge } from '../src/judge-run.js';
import { summarizePage } from '../src/results.js';
import type { Verdict } from '../src/types.js';
import { CASES, RULES } from './report/cases.js';

const head = CASES.regression!();
const base = CASES.pass!();
const run = (over: Partial<RunToJudge> = {}): RunToJudge => ({
  pages: head.pages,
  budgets: { rules: RULES, comparison: { ...DEFAULT_COMPARISON, maxIncrease: { 'largest-contentful-paint': { warn: 0.1, error: 0.2 } } } },
  base: null,
  environment: head.environment,
  runsPerPage: 5,
  createdAt: '2026-12-01T00:00:00.000Z',
  version: '9.9.9',
  ...over,
});
const bundle: Verdict = {
  page: 'app JS',
  kind: 'bundle',
  id: 'bundle:size',
  label: 'Size',
  unit: 'bytes',
  operator: '<=',
  warn: 10,
  error: 20,
  actual: 15,
  values: [15],
  status: 'warn',
  message: '',
};

describe('judgeRun', () => {
  it('takes the clock and the version from its caller', () => {
    const results = judgeRun(run());
    expect(results.createdAt).toBe('2026-12-01T00:00:00.000Z');
    expect(results.tool).toEqual({ name: 'perfgate', version: '9.9.9' });
    expect(results.lighthouseVersion).toBe('12.6.1');
  });

  it.each([
    ['without a base: page budgets only, no comparison', null, false, 0],
    ['with a base: the comparison and its regression budgets', base, true, 2],
  ] as const)('%s', (_, withBase, compared, regressions) => {
    const results = judgeRun(run({ base: withBase }));
    expect(Boolean(results.comparison)).toBe(compared);
    expect(results.budgets.filter((v) => v.kind === 'regression')).toHaveLength(regressions);
    expect(results.budgets.filter((v) => v.kind === 'timing').length).toBeGreaterThan(0);
  });

  it('fails the run on a significant regression beyond its budget, and gives every verdict its change against the base', () => {
    const results = judgeRun(run({ base }));
    expect(results.budgets.find((v) => v.page === 'home' && v.id === 'regression:largest-contentful-paint')?.status).toBe('fail');
    expect(results.verdict).toBe('fail');
    const lcp = results.budgets.find((v) => v.page === 'home' && v.id === 'largest-contentful-paint');
    expect(lcp?.change?.delta).toBeCloseTo(400, -1);
  });

  it('carries verdicts judged elsewhere after its own, and keeps a comparison made already without judging it again', () => {
    const merged = judgeRun(run({ budgets: null, verdicts: [bundle], comparison: head.comparison }));
    expect(merged.budgets).toEqual([bundle]);
    expect(merged.comparison).toBe(head.comparison);
    expect(merged.verdict).toBe('warn');
  });

  it('makes a page that could not be measured an error, whatever the budgets say', () => {
    const broken = summarizePage({ name: 'search', url: 'https://x/', runs: 3, samples: [], error: { code: 'NO_FCP', message: 'no paint' } });
    expect(judgeRun(run({ pages: [...head.pages, broken], budgets: null })).verdict).toBe('error');
  });
});
