import type { Io } from '../io.js';
import path from 'node:path';
import { lhciLinksBeside, loadReview, type ReportLinks, reviewMarkdown } from './review.js';
import { reviewId } from './review-id.js';

export interface ReportFlags extends ReportLinks {
  results: string;
  base?: string;
  budgets: string;
  format: 'md' | 'json';
  /** The package (monorepos), named in the headline and the marker. */
  id?: string;
}

/** `perfgate report`: the budget review as markdown (or the results, with the comparison, as JSON) on stdout. */
export async function reportCommand(flags: ReportFlags, io: Io): Promise<number> {
  const id = reviewId(flags.id, flags.budgets, io.cwd, io.env);
  const results = loadReview(flags.results, flags.base, io.cwd, flags.budgets, (note) => io.stderr.write(note));
  io.stdout.write(
    flags.format === 'json'
      ? `${JSON.stringify(results, null, 2)}\n`
      : `${reviewMarkdown(results, { ...flags, lhciLinks: lhciLinksBeside(path.resolve(io.cwd, flags.results)) }, id)}\n`,
  );
  return 0;
}
