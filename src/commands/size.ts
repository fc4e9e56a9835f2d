import path from 'node:path';
import { assertBundles, measureBundles } from '../bundles.js';
import { loadBudgetsWithBundles } from '../config/load-budgets.js';
import { loadResults } from '../config/load-results.js';
import { UserError } from '../errors.js';
import type { Io } from '../io.js';
import { reviewId } from './review-id.js';
import { environmentOf } from '../results.js';
import { judgeRun } from '../judge-run.js';
import { finish, madeNow } from './finish.js';

export interface SizeFlags {
  budgets: string;
  out: string;
  /** Also write the budgets as JUnit XML here. */
  junit?: string;
  /** The package (monorepos): its own section of the job summary; default from the config folder. */
  id?: string;
  base?: string;
}

/** `perfgate size`: measure the bundles of budgets.json with size-limit, without Lighthouse. */
export async function sizeCommand(flags: SizeFlags, io: Io): Promise<number> {
  const id = reviewId(flags.id, flags.budgets, io.cwd, io.env);
  const budgets = loadBudgetsWithBundles(io.cwd, flags.budgets);
  for (const warning of budgets?.warnings ?? []) io.stderr.write(`warning: ${warning}\n`);
  if (!budgets || budgets.bundles.length === 0) {
    const file = budgets?.file ?? path.resolve(io.cwd, flags.budgets);
    throw new UserError(
      `${file}: ${budgets ? 'has no "bundles" section' : 'not found'}, and no size-limit config (.size-limit.json, .size-limit.js, or "size-limit" in package.json) beside it. Add bundles to budgets.json, e.g. "bundles": [{ "name": "app JS", "path": "dist/assets/*.js", "warn": "100 kB", "error": "120 kB" }].`,
    );
  }
  const base = flags.base ? loadResults(path.resolve(io.cwd, flags.base)) : null;
  const measures = await measureBundles(budgets.bundles, budgets.bundlesFile);
  const results = judgeRun({
    pages: [],
    budgets: { rules: budgets.budgets, comparison: budgets.comparison },
    verdicts: assertBundles(budgets.bundles, measures),
    base,
    environment: environmentOf([], null, null, process.version),
    runsPerPage: 0,
    ...madeNow(),
  });
  return finish(results, path.resolve(io.cwd, flags.out), io, { junit: flags.junit, id });
}
