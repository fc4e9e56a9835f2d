import { describe, expect, it } from 'vitest';
import { withBaseline } from '../src/baseline.js';
import type { Results } from '../src/results.js';
import type { Verdict } from '../src/types.js';

const v = (page: string, id: string, actual: number | null): Verdict => ({
  page,
  kind: 'timing',
  id,
  label: id,
  unit: 'ms',
  operator: '<=',
  warn: null,
  error: 1000,
  actual,
  values: actual === null ? [] : [actual],
  status: 'pass',
});
const base = {
  budgets: [v('home', 'lcp', 1000), v('home', 'tbt', 0), v('cart', 'lcp', null), v('app JS', 'size', 2000), v('tiny', 'size', -7)],
} as Results;

describe('withBaseline', () => {
  it.each([
    ['a rise', v('home', 'lcp', 1100), { base: 1000, delta: 100, relative: 0.1 }],
    ['a drop', v('app JS', 'size', 1500), { base: 2000, delta: -500, relative: -0.25 }],
    ['a rise from 0 (no relative change)', v('home', 'tbt', 50), { base: 0, delta: 50, relative: null }],
    ['a rise from below 0 (size-limit’s tiny bundle less its empty one: no relative change)', v('tiny', 'size', 4), { base: -7, delta: 11, relative: null }],
  ])('adds the change of %s against the same page and id', (_, verdict, change) => {
    expect(withBaseline([verdict], base)[0]?.change).toEqual(change);
  });

  it.each([
    ['without a base', v('home', 'lcp', 1100), null],
    ['for a budget the base did not have', v('home', 'cls', 0.1), base],
    ['when the base did not measure it', v('cart', 'lcp', 900), base],
    ['when this run did not measure it', v('home', 'lcp', null), base],
  ])('adds no change %s', (_, verdict, against) => {
    expect(withBaseline([verdict], against)[0]).toEqual(verdict);
  });

  it('returns new verdicts and keeps their order', () => {
    const verdicts = [v('home', 'tbt', 1), v('home', 'lcp', 2)];
    const out = withBaseline(verdicts, base);
    expect(out.map((x) => x.id)).toEqual(['tbt', 'lcp']);
    expect(verdicts[0]).not.toHaveProperty('change');
  });
});
