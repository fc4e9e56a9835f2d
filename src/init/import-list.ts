import type { ConfigProblem } from '../errors.js';
import { pagesKeyProblems } from '../config/validate.js';
import { notImported } from './not-imported.js';
import { lighthouseList } from '../config/lighthouse-settings.js';

/**
 * A Lighthouse setting that is a list (or one comma-separated string, as the Lighthouse CLI takes
 * it: --only-categories=performance,seo) as the list pages.json's `pagesKey` takes: each entry it
 * would refuse, or `more` finds a problem with, is named in `notes` and left out. Null when the
 * setting is not set, or is no list at all (named).
 */
export function importList(
  value: unknown,
  key: string,
  pagesKey: string,
  notes: string[],
  more: (entry: unknown) => ConfigProblem[] = () => [],
): unknown[] | null {
  if (value === undefined) return null;
  const list = lighthouseList(value);
  if (!Array.isArray(list)) {
    notes.push(notImported(key, pagesKeyProblems(pagesKey, list)));
    return null;
  }
  return list.filter((entry, i) => {
    const problems = [...pagesKeyProblems(pagesKey, [entry]), ...more(entry)];
    if (problems.length > 0) notes.push(notImported(`${key}[${i}]`, problems));
    return problems.length === 0;
  });
}
