import type { PageResult, Results } from '../results.js';
import type { BaseComparison, PageWithoutBase } from '../types.js';
import { pagesAndFlows } from './not-in-base-words.js';

/** Why a page (or a user flow's step: `what`) has no comparison (rules as data). */
const WORDS: Readonly<Record<PageWithoutBase['why'], (what: string) => string>> = {
  absent: (what) => `the base's stored results have no ${what} of this name (added or renamed since they were made)`,
  error: (what) => `the base's stored results hold an error for this ${what} (it could not be measured then)`,
  'off-site': () => 'its URL is off the site measured side by side, so the base has no build of it',
};

/** Why a page has no comparison: "the base's stored results have no page of this name …"; a flow's step says "step". */
export const withoutBaseWords = (w: PageWithoutBase, page?: Pick<PageResult, 'flow'>): string => WORDS[w.why](page?.flow ? 'step' : 'page');

/** Why a page has no comparison (stored results, or side by side), when it has none. */
export const withoutBaseOf = (comparison: BaseComparison | undefined, page: string): PageWithoutBase | undefined =>
  comparison?.withoutBase?.find((w) => w.page === page);

/** "1 page and 1 user flow without a base there" (stored results), "1 page off the site" (side by side); null when every page measured had one. */
export function withoutBaseCount(results: Pick<Results, 'comparison'> & { pages: readonly PageResult[] }): string | null {
  const counted = pagesAndFlows(results.pages.filter((p) => withoutBaseOf(results.comparison, p.name)));
  if (!counted) return null;
  return results.comparison?.base.measured === 'side by side' ? `${counted} off the site` : `${counted} without a base there`;
}
