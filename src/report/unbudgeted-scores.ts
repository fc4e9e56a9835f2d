import type { PageResult } from '../results.js';
import type { Aggregate, CategoryId } from '../types.js';

/**
 * The category scores a page's table shows though no budget names them: every score of a user flow's
 * snapshot step (it measures scores only), and elsewhere the categories besides performance, which
 * run only when pages.json's `categories` or a budget asks for them. Budgeted ones are the caller's
 * `budgeted` and are left out (their verdict row shows them).
 */
export function unbudgetedScores(page: Pick<PageResult, 'flow' | 'scores'>, budgeted: (id: CategoryId) => boolean): Array<[CategoryId, Aggregate]> {
  const shown = (id: CategoryId) => page.flow?.mode === 'snapshot' || id !== 'performance';
  return (Object.entries(page.scores) as Array<[CategoryId, Aggregate | undefined]>).flatMap(([id, agg]) =>
    agg && shown(id) && !budgeted(id) ? [[id, agg] as [CategoryId, Aggregate]] : [],
  );
}
