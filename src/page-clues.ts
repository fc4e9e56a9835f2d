import { median } from './stats.js';
import type { LcpElement, RunClues } from './run-clues.js';

/** A page's clues over its runs (see `run-clues.ts`). */
export interface PageClues {
  /** The element most runs took for the LCP, and in how many runs; null when no run named one. */
  lcpElement: (LcpElement & { runs: number }) | null;
  /** The median over the runs of each kind of main-thread work, in ms (a run without it counts 0). */
  mainThread: Record<string, number>;
}

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
  if (!top && Object.keys(mainThread).length === 0) return null;
  return { lcpElement: top ? { ...top.element, runs: top.runs } : null, mainThread };
}
