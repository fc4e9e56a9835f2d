import { median } from './stats.js';
import type { LcpElement, RunClues } from './run-clues.js';

/** A page's clues over its runs (see `run-clues.ts`). */
export interface PageClues {
  /** The element most runs took for the LCP, and in how many runs; null when no run named one. */
  lcpElement: (LcpElement & { runs: number }) | null;
  /** The median over the runs of each kind of main-thread work, in ms (a run without it counts 0). */
  mainThread: Record<string, number>;
  /** The elements that shifted: each one's median score over the runs (a run where it did not shift counts 0) and in how many runs it shifted, the largest first. */
  shifts: Array<LcpElement & { score: number; runs: number }>;
}

/** The most shifted elements kept of a page. */
const MOST_SHIFTS = 3;

/** The clues of a page's measured runs, or null when no run gave any. */
export function pageClues(runs: ReadonlyArray<RunClues | undefined>): PageClues | null {
  const given = runs.filter((r): r is RunClues => r !== undefined);
  if (given.length === 0) return null;
  const counts = new Map<string, { element: LcpElement; runs: number }>();
  for (const { lcpElement } of given) {
    if (!lcpElement) continue;
    const seen = counts.get(lcpElement.selector);
    if (seen) seen.runs++;
    else counts.set(lcpElement.selector, { element: lcpElement, runs: 1 });
  }
  // The most frequent; on a tie, the one seen first.
  const top = [...counts.values()].reduce<{ element: LcpElement; runs: number } | null>((best, c) => (!best || c.runs > best.runs ? c : best), null);
  const mainThread: Record<string, number> = {};
  for (const group of new Set(given.flatMap((r) => Object.keys(r.mainThread)))) {
    mainThread[group] = median(given.map((r) => r.mainThread[group] ?? 0));
  }
  const elements = new Map<string, LcpElement>();
  for (const run of given) for (const shift of run.shifts ?? []) if (!elements.has(shift.selector)) elements.set(shift.selector, shift);
  const shifts = [...elements.values()]
    .map(({ selector, label }) => {
      const scores = given.map((r) => r.shifts?.find((s) => s.selector === selector)?.score ?? 0);
      return { selector, label, score: median(scores), runs: scores.filter((s) => s > 0).length };
    })
    .filter((s) => s.runs > 0)
    .sort((a, b) => b.score - a.score || b.runs - a.runs)
    .slice(0, MOST_SHIFTS);
  if (!top && Object.keys(mainThread).length === 0 && shifts.length === 0) return null;
  return { lcpElement: top ? { ...top.element, runs: top.runs } : null, mainThread, shifts };
}
