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

  it('counts bundles measured without a limit apart, not as budgets that pass', () => {
    const limitless = (status: Verdict['status']): Verdict => ({ ...verdict(status), kind: 'bundle', warn: null, error: null });
    expect(budgetTally([limitless('pass')])).toBe('no budgets, 1 bundle measured without a limit');
    expect(budgetTally([verdict('pass'), limitless('pass'), limitless('pass')])).toBe('the 1 budget passes, and 2 bundles measured without a limit');
    expect(budgetTally([verdict('fail'), verdict('pass'), limitless('pass')])).toBe('1 failed of 2 budgets, and 1 bundle measured without a limit');
    // One that could not be measured is still said among the budgets.
    expect(budgetTally([limitless('error')])).toBe('1 not measured of 1 budget');
  });
});
