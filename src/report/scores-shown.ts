import type { PageResult } from '../results.js';
import type { Aggregate, CategoryId } from '../types.js';

/**
 * The category scores a page's table and run list show, budgeted or not: every score of a user flow's
 * snapshot step (it measures scores only), and elsewhere those of the categories besides performance,
 * which run only when pages.json's `categories` or a budget asks for them (performance runs on every
 * page: its score is shown where a budget judges it).
 */
export function scoresShown(page: Pick<PageResult, 'flow' | 'scores'>): Array<[CategoryId, Aggregate]> {
  const shown = (id: CategoryId) => page.flow?.mode === 'snapshot' || id !== 'performance';
  return (Object.entries(page.scores) as Array<[CategoryId, Aggregate | undefined]>).flatMap(([id, agg]) =>
    agg && shown(id) ? [[id, agg] as [CategoryId, Aggregate]] : [],
  );
}
