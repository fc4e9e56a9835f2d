import type { BaseComparison, PageWithoutBase } from '../types.js';

/** Why a page has no comparison (rules as data). */
const WORDS: Readonly<Record<PageWithoutBase['why'], string>> = {
  absent: "the base's stored results have no page of this name (added or renamed since they were made)",
  error: "the base's stored results hold an error for this page (it could not be measured then)",
  'off-site': 'its URL is off the site measured side by side, so the base has no build of it',
};

/** Why a page has no comparison: "the base's stored results have no page of this name …". */
export const withoutBaseWords = (w: PageWithoutBase): string => WORDS[w.why];

/** The stored base's word on one page, when it has none to compare it with. */
export const withoutBaseOf = (comparison: BaseComparison | undefined, page: string): PageWithoutBase | undefined =>
  comparison?.withoutBase?.find((w) => w.page === page);

/** "1 page without a base there" (stored results), "1 page off the site" (side by side); null when every page measured had one. */
export function withoutBaseCount(comparison: BaseComparison | undefined): string | null {
  const n = comparison?.withoutBase?.length ?? 0;
  const pages = `${n} page${n === 1 ? '' : 's'}`;
  if (n === 0) return null;
  return comparison?.base.measured === 'side by side' ? `${pages} off the site` : `${pages} without a base there`;
}
