import type { Results } from '../results.js';
import { utcMinute } from './utc-minute.js';

/** Machines whose benchmark indexes differ by more than this are flagged: their timings are not comparable. */
export const MACHINE_DIFFERENCE = 0.1;

/** What the review says about where the base was measured: lines of plain text (no markup), empty without a base. */
export function baseNote(results: Results): { lines: string[]; warning: string | null } {
  const base = results.comparison?.base;
  // Side by side, both sides ran on this machine, alternating: nothing to warn about (the review's measured line says so).
  if (!base || base.measured === 'side by side') return { lines: [], warning: null };
  const when = utcMinute(base.createdAt);
  const commit = base.commit ? ` of commit ${base.commit.slice(0, 12)}` : '';
  const here = results.environment.benchmarkIndex;
  const there = base.benchmarkIndex ?? null;
  const indexes =
    here !== null && there !== null
      ? ` Machine speed (Lighthouse benchmarkIndex): ${Math.round(there)} there, ${Math.round(here)} here.`
      : ' The machines could not be compared (a benchmarkIndex is missing).';
  const lines = [`The base was measured elsewhere: stored results made ${when}${commit}, on another machine and run.${indexes}`];
  const versions = [
    ...new Set(results.comparison?.metrics.filter((c) => c.lighthouse).map((c) => `Lighthouse ${c.lighthouse?.base} there, ${c.lighthouse?.current} here`)),
  ];
  const measured = [
    ...new Set(results.comparison?.metrics.filter((c) => c.measuredWith).map((c) => `${c.measuredWith?.base} there, ${c.measuredWith?.current} here`)),
  ];
  const versionWarning =
    [
      versions.length > 0
        ? `The base was measured with another Lighthouse (${versions.join('; ')}): a version can change what a metric measures, so those changes are shown but not judged.`
        : null,
      measured.length > 0
        ? `The base was measured with other Lighthouse settings (${measured.join('; ')}): the form factor, the throttling, the screen and the user agent change what a metric measures, so those changes are shown but not judged.`
        : null,
    ]
      .filter(Boolean)
      .join(' ') || null;
  if (here === null || there === null || there <= 0) return { lines, warning: versionWarning };
  const difference = Math.abs(here - there) / there;
  const machines =
    difference > MACHINE_DIFFERENCE
      ? `The two machines differ by ${Math.round(difference * 100)} % in speed: a change below may be the machines', not the code's.`
      : null;
  return { lines, warning: [versionWarning, machines].filter(Boolean).join(' ') || null };
}
