import type { Results } from './results.js';
import type { Verdict } from './types.js';

/** Adds to every verdict its change against the base results' verdict of the same page (or bundle) and id. */
export function withBaseline(verdicts: readonly Verdict[], base: Pick<Results, 'budgets'> | null): Verdict[] {
  if (!base) return [...verdicts];
  const index = new Map(base.budgets.map((v) => [`${v.page}\u0000${v.id}`, v]));
  return verdicts.map((verdict) => {
    const before = index.get(`${verdict.page}\u0000${verdict.id}`);
    if (!before || before.actual === null || verdict.actual === null) return verdict;
    const delta = verdict.actual - before.actual;
    // (No relative change from a base of 0, or below: size-limit's size of a tiny bundle less its empty bundle.)
    const change = { base: before.actual, delta, relative: before.actual <= 0 ? null : delta / before.actual };
    // A bundle's files (and sources) on both sides: the review says which of them the change is in.
    return {
      ...verdict,
      change: {
        ...change,
        ...(verdict.parts && before.parts ? { baseParts: before.parts } : {}),
        ...(verdict.sources && before.sources ? { baseSources: before.sources } : {}),
      },
    };
  });
}
