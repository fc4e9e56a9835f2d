import type { PageResult } from '../results.js';

/**
 * What to say instead of an empty table: a user flow's snapshot step that scored no category. Its
 * performance audits weigh nothing (Lighthouse gives a snapshot no performance score), and a run
 * scores the other categories only when a budget or pages.json's `categories` asks for one.
 */
export function emptyStepNote(page: Pick<PageResult, 'flow'>): string {
  return page.flow?.mode === 'snapshot'
    ? 'no score: a snapshot step is scored by category, and a snapshot has no performance score; budget another category (accessibility, best-practices or seo), or list it in pages.json\'s "categories", to measure it here'
    : 'no metric measured';
}
