import path from 'node:path';
import { withBaseline } from '../baseline.js';
import { loadResults } from '../config/load-results.js';
import { DEFAULT_COMPARISON } from '../config/model.js';
import { compareResults } from '../regression.js';
import { renderMarkdown } from '../report/markdown.js';
import type { Results } from '../results.js';

/** Reads results.json and, when given, the base's results; adds the comparison if results.json has none yet. */
export function loadReview(resultsFile: string, baseFile: string | undefined, cwd: string): Results {
  const results = loadResults(path.resolve(cwd, resultsFile));
  if (!baseFile) return results;
  const base = loadResults(path.resolve(cwd, baseFile));
  return {
    ...results,
    budgets: withBaseline(results.budgets, base),
    comparison: results.comparison ?? compareResults(results.pages, base, DEFAULT_COMPARISON),
  };
}

/** The markdown review of loaded results. */
export function reviewMarkdown(results: Results, reportsBase?: string): string {
  return renderMarkdown(results, reportsBase ? { reportsBase } : {});
}
