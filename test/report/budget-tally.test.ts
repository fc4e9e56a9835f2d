import { describe, expect, it } from 'vitest';
import { budgetTally } from '../../src/report/budget-tally.js';
import type { Verdict } from '../../src/types.js';
import { lcpVerdict } from './verdict.js';

const verdict = (status: Verdict['status']): Verdict => lcpVerdict({ actual: 1000, values: [1000], status });

describe('budgetTally', () => {
  it.each([
    [[], 'no budgets'],
    [['pass'], 'the 1 budget passes'],
    [['pass', 'pass'], 'all 2 budgets pass'],
    [['warn', 'fail', 'error', 'borderline', 'pass'], '1 failed, 1 borderline, 1 warned, 1 not measured of 5 budgets'],
    [['fail', 'fail', 'pass'], '2 failed of 3 budgets'],
  ] as Array<[Verdict['status'][], string]>)('%j: %s', (statuses, expected) => {
    expect(budgetTally(statuses.map(verdict))).toBe(expected);
  });
});
