import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadBudgetsIfPresent } from '../config/load-budgets.js';
import { loadResults } from '../config/load-results.js';
import { judgeRun } from '../judge-run.js';
import { isWebLink, LHCI_LINKS_FILE, type LhciPageLink } from '../report/lhci-page-links.js';
import { renderMarkdown } from '../report/markdown.js';
import { measuredSideBySide, type Results } from '../results.js';
import type { BudgetKind } from '../types.js';

/** The verdicts judgeRun makes from pages and budgets.json; the others (bundles, field) are carried as results.json has them. */
const JUDGED_FROM_PAGES: ReadonlySet<BudgetKind> = new Set(['timing', 'score', 'resource', 'audit']);

/** Why a --base file is not used for results measured side by side, for the user. */
export const ignoredBaseNote = (resultsFile: string, baseFile: string) =>
  `perfgate: ${resultsFile} was measured side by side with its base on one runner, so its comparison is its own; --base ${baseFile} is not used\n`;

/**
 * Reads results.json and, with the base branch's results, judges it again against them as
 * `perfgate run --base` would: budgets.json's page budgets, comparison settings and regression
 * budgets (--budgets, or budgets.json when present; without one, the page verdicts as results.json
 * has them and the default comparison settings). Results measured side by side keep their own
 * comparison: a base measured elsewhere is not used (`warn` says so).
 */
export function loadReview(
  resultsFile: string,
  baseFile: string | undefined,
  cwd: string,
  budgetsFile = 'budgets.json',
  warn: (message: string) => void = () => undefined,
): Results {
  const results = loadResults(path.resolve(cwd, resultsFile));
  if (!baseFile) return results;
  if (measuredSideBySide(results.pages)) {
    warn(ignoredBaseNote(resultsFile, baseFile));
    return results;
  }
  const base = loadResults(path.resolve(cwd, baseFile));
  const budgets = loadBudgetsIfPresent(cwd, budgetsFile);
  const carried = results.budgets.filter((v) => v.kind !== 'regression' && !(budgets && JUDGED_FROM_PAGES.has(v.kind)));
  const { comparison: _, ...rest } = results;
  return {
    ...rest,
    ...judgeRun({
      pages: results.pages,
      budgets: budgets && { rules: budgets.budgets, comparison: budgets.comparison },
      verdicts: carried,
      base,
      environment: results.environment,
      runsPerPage: results.runsPerPage,
      createdAt: results.createdAt,
      version: results.tool.version,
    }),
  };
}

/** Where the review says the HTML reports are (`--reports-base`, `--artifact-url`). */
export interface ReportLinks {
  reportsBase?: string;
  artifactUrl?: string;
  /** Each page's link on Lighthouse CI (perfgate upload's lhci-links.json beside results.json). */
  lhciLinks?: LhciPageLink[];
}

/** The markdown review of loaded results. */
export function reviewMarkdown(results: Results, links: ReportLinks, id?: string): string {
  return renderMarkdown(results, {
    ...(links.reportsBase !== undefined ? { reportsBase: links.reportsBase } : {}),
    ...(links.artifactUrl ? { artifactUrl: links.artifactUrl } : {}),
    ...(links.lhciLinks?.length ? { lhciLinks: links.lhciLinks } : {}),
    id,
  });
}

/**
 * The pages' Lighthouse CI links that `perfgate upload` left beside results.json, or none (no upload
 * since the run, or a file that is not such a list).
 */
export function lhciLinksBeside(resultsFile: string): LhciPageLink[] {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path.join(path.dirname(resultsFile), LHCI_LINKS_FILE), 'utf8'));
  } catch {
    return [];
  }
  const isLink = (e: unknown) => {
    const { page, url, link } = (e ?? {}) as Record<string, unknown>;
    return typeof page === 'string' && typeof url === 'string' && isWebLink(link);
  };
  return Array.isArray(data) ? (data.filter(isLink) as LhciPageLink[]) : [];
}
