import path from 'node:path';
import { existsSync, statSync } from 'node:fs';
import { loadResults } from '../config/load-results.js';
import { UserError } from '../errors.js';
import type { Io } from '../io.js';
import type { Comparison } from '../regression.js';
import type { PageResult, Results } from '../results.js';
import { median } from '../stats.js';
import type { Verdict } from '../types.js';
import { buildResults, finish } from './finish.js';

/** A folder with results.json, or the file itself. */
function resultsFile(input: string, cwd: string): string {
  const absolute = path.resolve(cwd, input);
  return existsSync(absolute) && statSync(absolute).isDirectory() ? path.join(absolute, 'results.json') : absolute;
}

/**
 * Joins the results of several jobs (shards of one run) into one: pages and budgets side by side,
 * report paths rewritten relative to the new folder, bundles measured by several shards kept once.
 * A page that two inputs both measured is an error.
 */
export function mergeResults(inputs: Array<{ file: string; results: Results }>, outDir: string): Results {
  const pages: PageResult[] = [];
  const budgets: Verdict[] = [];
  const owner = new Map<string, string>();
  const seenBundles = new Set<string>();
  let comparison: Comparison | undefined;
  for (const { file, results } of inputs) {
    for (const page of results.pages) {
      const first = owner.get(page.name);
      if (first) throw new UserError(`${file}: page "${page.name}" is also in ${first}. Each shard must measure different pages (perfgate run --shard i/n).`);
      owner.set(page.name, file);
      const moved = (p: string) => path.relative(outDir, path.join(path.dirname(file), p));
      pages.push({ ...page, reports: page.reports ? { json: moved(page.reports.json), html: page.reports.html ? moved(page.reports.html) : null } : null });
    }
    for (const verdict of results.budgets) {
      if (verdict.kind === 'bundle') {
        const key = `${verdict.page}\u0000${verdict.id}`;
        if (seenBundles.has(key)) continue;
        seenBundles.add(key);
      }
      budgets.push(verdict);
    }
    if (results.comparison) {
      comparison = comparison
        ? { ...comparison, metrics: [...comparison.metrics, ...results.comparison.metrics] }
        : results.comparison;
    }
  }
  const first = inputs[0]?.results;
  if (!first) throw new UserError('perfgate merge needs at least one results folder or file.');
  const indexes = inputs.map((i) => i.results.environment.benchmarkIndex).filter((v): v is number => v !== null);
  const environment = { ...first.environment, benchmarkIndex: indexes.length > 0 ? median(indexes) : null };
  const runsPerPage = Math.max(...inputs.map((i) => i.results.runsPerPage));
  return buildResults(pages, budgets, environment, runsPerPage, comparison);
}

export interface MergeFlags {
  inputs: string[];
  out: string;
}

/** `perfgate merge DIR...`: one results.json and one table from the results of several CI jobs. */
export async function mergeCommand(flags: MergeFlags, io: Io): Promise<number> {
  const outDir = path.resolve(io.cwd, flags.out);
  const inputs = flags.inputs.map((input) => {
    const file = resultsFile(input, io.cwd);
    return { file, results: loadResults(file) };
  });
  return finish(mergeResults(inputs, outDir), outDir, io);
}
