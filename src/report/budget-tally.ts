import type { Verdict } from '../types.js';

/** What did not pass, worst first (rules as data): the status and its word. */
const NOT_PASSING: ReadonlyArray<[Verdict['status'], string]> = [
  ['fail', 'failed'],
  ['borderline', 'borderline'],
  ['warn', 'warned'],
  ['error', 'not measured'],
];

/** "2 failed, 1 warned of 12 budgets", "all 12 budgets pass", "the 1 budget passes", or "no budgets" when none is set. */
export function budgetTally(budgets: readonly Verdict[]): string {
  if (budgets.length === 0) return 'no budgets';
  const parts = NOT_PASSING.map(([status, word]) => [budgets.filter((b) => b.status === status).length, word] as const)
    .filter(([n]) => n > 0)
    .map(([n, word]) => `${n} ${word}`);
  const one = budgets.length === 1;
  if (parts.length > 0) return `${parts.join(', ')} of ${budgets.length} budget${one ? '' : 's'}`;
  return one ? 'the 1 budget passes' : `all ${budgets.length} budgets pass`;
}
