import { describe, expect, it } from 'vitest';
import { intervalWords } from '../../src/report/interval-words.js';

const runs = { runs: 7, baseRuns: 7 };

describe('intervalWords', () => {
  it('writes both bounds signed in the metric’s unit', () => {
    expect(intervalWords({ interval: { low: -38.4, high: 117.6 }, unit: 'ms', ...runs }, 0.9)).toBe('-38 ms to +118 ms');
    expect(intervalWords({ interval: { low: -0.0042, high: 0.012 }, unit: 'unitless', ...runs }, 0.9)).toBe('-0.004 to +0.012');
    expect(intervalWords({ interval: { low: 1_020, high: 2_400 }, unit: 'ms', ...runs }, 0.9)).toBe('+1.02 s to +2.40 s');
  });

  it('writes a bound that rounds to nothing as ±0, not -0', () => {
    expect(intervalWords({ interval: { low: -0.4, high: 12 }, unit: 'ms', ...runs }, 0.9)).toBe('±0 ms to +12 ms');
    // Both bounds alike (CLS of 0 in every run of both sides): one value.
    expect(intervalWords({ interval: { low: 0, high: 0 }, unit: 'unitless', ...runs }, 0.9)).toBe('±0.000');
    expect(intervalWords({ interval: { low: -0.4, high: 0.3 }, unit: 'ms', ...runs }, 0.9)).toBe('±0 ms');
  });

  it('says nothing when the runs are too few for the confidence (the interval is then the whole range)', () => {
    const interval = { low: -20, high: 20 };
    // 4 + 4 runs: P(U = 0) = 1/70, enough for 95 % (2.5 % a side), not for 99 %.
    expect(intervalWords({ interval, unit: 'ms', runs: 4, baseRuns: 4 }, 0.95)).toBe('-20 ms to +20 ms');
    expect(intervalWords({ interval, unit: 'ms', runs: 4, baseRuns: 4 }, 0.99)).toBe('');
    expect(intervalWords({ interval, unit: 'ms', runs: 2, baseRuns: 2 }, 0.9)).toBe('');
  });

  it('judges the runs by the look that decided the verdict, side by side', () => {
    const interval = { low: -20, high: 20 };
    // Decided unchanged after 3 pairs of a page that ran on to 10: the interval is of 3 + 3 runs.
    expect(intervalWords({ interval, unit: 'ms', runs: 10, baseRuns: 10, decidedAfter: 3 }, 0.95)).toBe('');
    expect(intervalWords({ interval, unit: 'ms', runs: 10, baseRuns: 10, decidedAfter: 5 }, 0.95)).toBe('-20 ms to +20 ms');
    expect(intervalWords({ interval, unit: 'ms', runs: 10, baseRuns: 10, decidedAfter: null }, 0.95)).toBe('-20 ms to +20 ms');
  });

  it('says nothing without an interval', () => {
    expect(intervalWords({ interval: null, unit: 'ms', ...runs }, 0.9)).toBe('');
    expect(intervalWords({ unit: 'ms', ...runs }, 0.9)).toBe('');
    expect(intervalWords({ interval: { low: Number.NaN, high: Number.NaN }, unit: 'ms', ...runs }, 0.9)).toBe('');
  });
});
