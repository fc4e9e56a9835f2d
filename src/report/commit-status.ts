import { notJudged, notJudgedWhy } from '../base-comparison.js';
import type { Results } from '../results.js';
import { budgetTally } from './budget-tally.js';
import { STATUS_WORDS } from './format.js';

/** A commit status as GitHub takes it (GitLab's states are mapped from these). */
export interface CommitStatus {
  state: 'success' | 'failure' | 'error';
  /** `perfgate`, or `perfgate/<id>` for one package of a monorepo. */
  context: string;
  /** At most 140 characters (GitHub's limit). */
  description: string;
  targetUrl?: string;
}

const STATE: Record<Results['verdict'], CommitStatus['state']> = { pass: 'success', warn: 'success', borderline: 'success', fail: 'failure', error: 'error' };

/**
 * The commit status of a run: success when the exit code is 0 (warnings and borderline budgets
 * allowed), failure when a budget failed, error when something could not be measured; the
 * description counts what did not pass and names the worst regression.
 */
export function commitStatus(results: Results, id?: string, targetUrl?: string): CommitStatus {
  const budgets = budgetTally(results.budgets);
  const worst = results.comparison?.metrics.filter((c) => c.verdict === 'regressed').sort((a, b) => (b.relative ?? 0) - (a.relative ?? 0))[0];
  const change = worst
    ? `; ${worst.page} ${worst.label} regressed`
    : notJudged(results.comparison)
      ? `; not compared (Lighthouse ${notJudgedWhy(results.comparison).versions ? 'versions' : 'settings'} differ)`
      : results.comparison
        ? '; no regression'
        : '';
  const text = `${STATUS_WORDS[results.verdict]}: ${budgets}${change}`;
  return {
    state: STATE[results.verdict],
    context: id ? `perfgate/${id}` : 'perfgate',
    description: text.length > 140 ? `${text.slice(0, 139)}…` : text,
    ...(targetUrl ? { targetUrl } : {}),
  };
}
