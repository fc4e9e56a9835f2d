import { withBaseline } from './baseline.js';
import { assertPages } from './budgets/assert.js';
import { DEFAULT_COMPARISON, type BudgetRule, type ComparisonSettings } from './config/model.js';
import { compareWithBase, regressionVerdicts } from './base-comparison.js';
import { markBorderline } from './compare/borderline.js';
import { equivalenceConfidence } from './compare/minimum-effect.js';
import { compareSideBySide } from './compare/side-by-side.js';
import { measuredSideBySide, overallVerdict, SCHEMA_VERSION, type Environment, type PageResult, type Results } from './results.js';
import type { BaseComparison, BuildDigest, Verdict } from './types.js';

/** What a run produced, and what to judge it against. */
export interface RunToJudge {
  /** The pages measured (none for `perfgate size`). */
  pages: readonly PageResult[];
  /** budgets.json's page budgets and base-comparison settings; null without a budgets file (defaults, no page budgets). */
  budgets: { rules: readonly BudgetRule[]; comparison: ComparisonSettings } | null;
  /** Verdicts judged elsewhere and carried as they are: bundle sizes, field budgets, or those of merged results. */
  verdicts?: readonly Verdict[];
  /** The base branch's results: every verdict gets its change against the base's, and the regression budgets are judged. */
  base: Results | null;
  /** A base comparison made already (merged shards carry theirs); otherwise made here when there is a base. */
  comparison?: BaseComparison;
  environment: Environment;
  runsPerPage: number;
  /** When the results were made (ISO 8601) and by which perfgate version: passed in, the core reads no clock. */
  createdAt: string;
  version: string;
  /** The commit measured, when known (CI environment). */
  commit?: string | null;
  /** Side by side in one shard of a run: the comparisons of the pages the other shards measure (the family is the pull request's). */
  comparisonsElsewhere?: number;
  /** Side by side: the base build's verdicts measured outside the pages (its bundles), for each verdict's change. */
  baseVerdicts?: readonly Verdict[];
  /** Side by side was asked for with a base build byte-identical to this one, so it was not measured. */
  identicalBase?: BuildDigest;
}

/**
 * Judges a run: the page budgets, the comparison with the base branch and its regression budgets,
 * the carried verdicts, each with its change against the base, and the overall verdict; returns
 * results.json. Every command that produces results (run, assert, size, merge, report --base)
 * calls this, so the same data gets the same verdicts whichever command judged it.
 */
export function judgeRun(run: RunToJudge): Results {
  const settings = run.budgets?.comparison ?? DEFAULT_COMPARISON;
  const rules = run.budgets?.rules ?? [];
  // Side by side, the base is in the pages (each page's base runs); otherwise it is stored results, if any.
  const basePages = run.pages.flatMap((p) => (p.base ? [p.base] : []));
  const sideBySide = measuredSideBySide(run.pages);
  const comparison =
    run.comparison ??
    (sideBySide
      ? compareSideBySide(run.pages, rules, settings, run.createdAt, run.comparisonsElsewhere)
      : run.base
        ? compareWithBase(run.pages, run.base, settings, rules, run.environment)
        : undefined);
  const regressions = !run.comparison && comparison ? regressionVerdicts(comparison, settings) : [];
  const pageVerdicts = markBorderline(assertPages(run.pages, rules), run.pages, equivalenceConfidence(settings));
  // Bundles measured in the base's build (side by side, or perfgate size --base-root) are a base of their own.
  const measuredBase = sideBySide || (run.baseVerdicts?.length ?? 0) > 0;
  const base = measuredBase ? { budgets: [...assertPages(basePages, rules), ...(run.baseVerdicts ?? [])] } : run.base;
  const verdicts = withBaseline([...pageVerdicts, ...regressions, ...(run.verdicts ?? [])], base);
  const versions = [...new Set(run.pages.map((p) => p.lighthouseVersion).filter((v): v is string => v !== null))];
  return {
    ...(comparison ? { comparison } : {}),
    ...(run.identicalBase && !comparison ? { identicalBase: run.identicalBase } : {}),
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'perfgate', version: run.version },
    createdAt: run.createdAt,
    ...(run.commit ? { commit: run.commit } : {}),
    verdict: overallVerdict(run.pages, verdicts),
    lighthouseVersion: versions.join(', ') || null,
    runsPerPage: run.runsPerPage,
    environment: run.environment,
    pages: [...run.pages],
    budgets: verdicts,
  };
}
