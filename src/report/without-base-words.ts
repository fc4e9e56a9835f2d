import type { BaseComparison, PageWithoutBase } from '../types.js';

/** Why a page has no comparison with stored results: "the base's stored results have no page of this name …". */
export const withoutBaseWords = (w: PageWithoutBase): string =>
  w.why === 'absent'
    ? "the base's stored results have no page of this name (added or renamed since they were made)"
    : "the base's stored results hold an error for this page (it could not be measured then)";

/** The stored base's word on one page, when it has none to compare it with. */
export const withoutBaseOf = (comparison: BaseComparison | undefined, page: string): PageWithoutBase | undefined =>
  comparison?.withoutBase?.find((w) => w.page === page);

/** "1 page without a base there", "2 pages …"; null when every page measured had one. */
export function withoutBaseCount(comparison: BaseComparison | undefined): string | null {
  const n = comparison?.withoutBase?.length ?? 0;
  return n > 0 ? `${n} page${n === 1 ? '' : 's'} without a base there` : null;
}
