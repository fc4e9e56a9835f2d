import type { Io } from '../io.js';
import { loadReview, reviewMarkdown } from './review.js';

export interface ReportFlags {
  results: string;
  base?: string;
  budgets: string;
  format: 'md' | 'json';
  reportsBase?: string;
}

/** `perfgate report`: the budget review as markdown (or the results, with the comparison, as JSON) on stdout. */
export async function reportCommand(flags: ReportFlags, io: Io): Promise<number> {
  const results = loadReview(flags.results, flags.base, io.cwd, flags.budgets);
  io.stdout.write(flags.format === 'json' ? `${JSON.stringify(results, null, 2)}\n` : `${reviewMarkdown(results, flags.reportsBase)}\n`);
  return 0;
}
