import type { Verdict } from '../types.js';
import { type ClueStyle, PLAIN } from './clue-lines.js';

/**
 * The budgets' own words for the bundles that warned or failed (their `message`, as size-limit prints
 * it under a size over its limit), one line per bundle: `app JS: Ask #frontend before raising this limit`.
 */
export function bundleNoteLines(verdicts: readonly Verdict[], style: ClueStyle = PLAIN): string[] {
  const noted = new Map<string, string>();
  for (const v of verdicts) {
    if (v.kind === 'bundle' && v.note && (v.status === 'fail' || v.status === 'warn') && !noted.has(v.page)) noted.set(v.page, v.note);
  }
  return [...noted].map(([bundle, note]) => `${style.text(bundle)}: ${style.text(note)}`);
}
