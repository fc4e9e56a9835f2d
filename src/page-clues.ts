import { median } from './stats.js';
import type { Interaction, InteractionPhases, LcpElement, PageClues, RunClues } from './types.js';

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
    .sort((a, b) => b.score - a.score || b.runs - a.runs);
  const scripts = Object.fromEntries(
    [...new Set(given.flatMap((r) => Object.keys(r.scripts ?? {})))]
      .map((key) => [key, median(given.map((r) => r.scripts?.[key] ?? 0))] as const)
      .sort((a, b) => b[1] - a[1]),
  );
  const interaction = given.some((r) => r.interaction !== undefined) ? interactionOf(given) : undefined;
  if (!top && Object.keys(mainThread).length === 0 && shifts.length === 0 && Object.keys(scripts).length === 0 && !interaction) return null;
  return { lcpElement: top ? { ...top.element, runs: top.runs } : null, mainThread, shifts, scripts, ...(interaction !== undefined ? { interaction } : {}) };
}

/**
 * The interaction most runs' INP came from: the element most runs named (the first seen on a tie),
 * with the median of each phase over those runs; without any element, the phases of every run.
 */
function interactionOf(runs: readonly RunClues[]): PageClues['interaction'] {
  const given = runs.map((r) => r.interaction).filter((i): i is Interaction => Boolean(i));
  const bySelector = new Map<string, Interaction[]>();
  for (const i of given) if (i.element) bySelector.set(i.element.selector, [...(bySelector.get(i.element.selector) ?? []), i]);
  const same = [...bySelector.values()].reduce<Interaction[] | null>((best, list) => (!best || list.length > best.length ? list : best), null) ?? given;
  if (same.length === 0) return null;
  const phased = same.map((i) => i.phases).filter((p): p is InteractionPhases => p !== null);
  const phases =
    phased.length > 0
      ? {
          inputDelay: median(phased.map((p) => p.inputDelay)),
          processingDuration: median(phased.map((p) => p.processingDuration)),
          presentationDelay: median(phased.map((p) => p.presentationDelay)),
        }
      : null;
  return { element: same[0]?.element ?? null, phases, runs: same.length };
}
