import path from 'node:path';
import { UserError } from './errors.js';
import { mergeComparisons } from './compare/merge-comparisons.js';
import { judgeRun } from './judge-run.js';
import { type Environment, formFactorSettings, type PageResult, type ReportFiles, type Results } from './results.js';
import { median } from './stats.js';
import type { BaseComparison, Verdict } from './types.js';

/**
 * Joins the results of several jobs (shards of one run) into one: pages and budgets side by side,
 * report paths rewritten relative to the new folder, bundles measured by several shards kept once.
 * A page that two inputs both measured is an error.
 */
export function mergeResults(inputs: Array<{ file: string; results: Results }>, outDir: string, made: { createdAt: string; version: string }): Results {
  const pages: PageResult[] = [];
  const budgets: Verdict[] = [];
  const owner = new Map<string, string>();
  const seenBundles = new Set<string>();
  const comparisons: BaseComparison[] = [];
  for (const { file, results } of inputs) {
    for (const page of results.pages) {
      const first = owner.get(page.name);
      if (first) throw new UserError(`${file}: page "${page.name}" is also in ${first}. Each shard must measure different pages (perfgate run --shard i/n).`);
      owner.set(page.name, file);
      const moved = (p: string) => path.relative(outDir, path.join(path.dirname(file), p));
      const reports = (r: ReportFiles | null): ReportFiles | null =>
        r ? { json: moved(r.json), html: r.html ? moved(r.html) : null, ...(r.trace ? { trace: moved(r.trace) } : {}) } : null;
      pages.push({ ...page, reports: reports(page.reports), ...(page.base ? { base: { ...page.base, reports: reports(page.base.reports) } } : {}) });
    }
    for (const verdict of results.budgets) {
      if (verdict.kind === 'bundle') {
        const key = `${verdict.page}\u0000${verdict.id}`;
        if (seenBundles.has(key)) continue;
        seenBundles.add(key);
      }
      budgets.push(verdict);
    }
    if (results.comparison) comparisons.push(results.comparison);
  }
  const first = inputs[0]?.results;
  if (!first) throw new UserError('perfgate merge needs at least one results folder or file.');
  const environment = mergedEnvironment(inputs.map((i) => i.results.environment));
  const runsPerPage = Math.max(...inputs.map((i) => i.results.runsPerPage));
  // One family across the shards: Holm again over every page and metric compared.
  const merged = mergeComparisons(comparisons, budgets);
  return judgeRun({
    pages,
    budgets: null,
    verdicts: merged?.budgets ?? budgets,
    base: null,
    ...(merged ? { comparison: merged.comparison } : {}),
    environment,
    runsPerPage,
    ...made,
    // Every shard found the same two builds identical, or none measured a base.
    ...(inputs.every((i) => i.results.identicalBase) ? { identicalBase: first.identicalBase } : {}),
  });
}

/**
 * The shards' environment: the settings of the first shard that measured pages (and of the other
 * form factor, from whichever shard measured it first), the median benchmark index of all.
 */
function mergedEnvironment(environments: readonly Environment[]): Environment {
  const measured = environments.filter((e) => e.formFactor !== null);
  const first = measured[0] ?? (environments[0] as Environment);
  const others = measured.flatMap((e) => formFactorSettings(e)).filter((s) => s.formFactor !== first.formFactor);
  const indexes = environments.map((e) => e.benchmarkIndex).filter((v): v is number => v !== null);
  const { otherFormFactor: _, ...rest } = first;
  return { ...rest, benchmarkIndex: indexes.length > 0 ? median(indexes) : null, ...(others[0] ? { otherFormFactor: others[0] } : {}) };
}
