import type { Verdict } from '../types.js';

/** What did not pass, worst first (rules as data): the status and its word. */
const NOT_PASSING: ReadonlyArray<[Verdict['status'], string]> = [
  ['fail', 'failed'],
  ['borderline', 'borderline'],
  ['warn', 'warned'],
  ['error', 'not measured'],
];

/** A bundle measured without a limit (a size-limit check without one): reported, but no budget to pass. */
const measuredOnly = (b: Verdict): boolean => b.kind === 'bundle' && b.warn === null && b.error === null && b.status === 'pass';

/**
 * "2 failed, 1 warned of 12 budgets", "all 12 budgets pass", "the 1 budget passes", or "no budgets" when
 * none is set; bundles measured without a limit are counted apart ("all 3 budgets pass, and 1 bundle
 * measured without a limit"), not as budgets that pass.
 */
export function budgetTally(verdicts: readonly Verdict[]): string {
  const budgets = verdicts.filter((b) => !measuredOnly(b));
  const unlimited = verdicts.length - budgets.length;
  const measured = `${unlimited} bundle${unlimited === 1 ? '' : 's'} measured without a limit`;
  if (budgets.length === 0) return unlimited > 0 ? `no budgets, ${measured}` : 'no budgets';
  const parts = NOT_PASSING.map(([status, word]) => [budgets.filter((b) => b.status === status).length, word] as const)
    .filter(([n]) => n > 0)
    .map(([n, word]) => `${n} ${word}`);
  const one = budgets.length === 1;
  const tally =
    parts.length > 0 ? `${parts.join(', ')} of ${budgets.length} budget${one ? '' : 's'}` : one ? 'the 1 budget passes' : `all ${budgets.length} budgets pass`;
  return unlimited > 0 ? `${tally}, and ${measured}` : tally;
}
