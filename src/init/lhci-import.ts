import { patternProblem } from '../budgets/path-pattern.js';
import type { BudgetRule } from '../config/model.js';
import { configError, type ConfigProblem } from '../errors.js';
import { type AssertBlock, assertBlocksOf, pageAssertions } from './lhci-assertions.js';
import { type LhciSite, lhciSiteOf } from './lhci-collect.js';
import type { LhciPresets } from './lhci-preset.js';
import type { FoundPage } from './site-pages.js';

/** A Lighthouse CI config read for `perfgate init`: its site and pages, and its assertions. */
export interface LhciImport {
  site: LhciSite;
  blocks: AssertBlock[];
  /** `budgetsFile` (LightWallet budgets), as written, or null. */
  budgetsFile: string | null;
  notes: string[];
}

/** What Lighthouse CI's aggregation methods judge, against perfgate's median of the runs. */
const AGGREGATION: Record<string, string> = {
  optimistic: 'the best of its runs ("optimistic", its default); perfgate judges the median, so a page that passed only in its best run fails here',
  pessimistic: 'the worst of its runs ("pessimistic"); perfgate judges the median, which lets one slow run pass',
  'median-run': 'the median run ("median-run"); perfgate judges each value\'s own median',
};

/**
 * Reads a Lighthouse CI config (the object lighthouserc.json, .yml or .js holds): `ci.collect` for
 * the site and pages, `ci.assert` for the assertions. Anything Lighthouse CI itself would refuse
 * or misread is a UserError naming the file and key (exit 2); what perfgate does otherwise is a note.
 */
export function readLhciImport(rc: unknown, file: string, maxPages: number, presets?: LhciPresets): LhciImport {
  const problems: ConfigProblem[] = [];
  const ci = typeof rc === 'object' && rc !== null ? (rc as { ci?: unknown }).ci : undefined;
  if (typeof ci !== 'object' || ci === null) {
    throw configError(file, [{ where: 'ci', what: 'is missing', fix: 'Lighthouse CI reads its settings under "ci": { "collect": {...}, "assert": {...} }' }]);
  }
  const { collect, assert, upload, server } = ci as Record<string, unknown>;
  const site = lhciSiteOf(collect, maxPages, problems);
  const blocks = assertBlocksOf(assert, problems, presets);
  if (problems.length > 0) throw configError(file, problems);
  const notes = [...site.notes];
  for (const block of blocks) {
    if (block.preset && !block.presetMerged)
      notes.push(
        `${block.where}.preset: "${block.preset}" is not imported: its assertions come with Lighthouse CI, which is not installed here; install @lhci/cli and run perfgate init again, or name the audits to budget under "audits" in budgets.json`,
      );
    if (block.presetUnknown.length > 0)
      notes.push(
        `${block.where}.preset ${block.preset}: ${block.presetUnknown.length} of its audits are left out, as ${presets?.lighthouse ?? 'this Lighthouse'} has none of them (Lighthouse CI would fail them as not run): ${block.presetUnknown.join(', ')}`,
      );
  }
  if (upload !== undefined)
    notes.push(
      (upload as { target?: unknown } | null)?.target === 'filesystem'
        ? "ci.upload: not imported: perfgate run writes each run's report and manifest.json into .perfgate/ (--out) as the filesystem target does"
        : 'ci.upload: not imported: perfgate keeps every run in results.json and posts its own review; to keep uploading, run npx perfgate upload after perfgate run: it sends the runs with lhci upload, which reads this upload section',
    );
  if (server !== undefined) notes.push('ci.server: not imported: the Lighthouse CI server is not needed by perfgate');
  const budgetsFile = blocks.find((b) => b.budgetsFile)?.budgetsFile ?? null;
  return { site, blocks, budgetsFile, notes };
}

/** Two budgets with the same limits (the path aside). */
const sameLimits = (a: BudgetRule, b: BudgetRule) => JSON.stringify({ ...a, path: '' }) === JSON.stringify({ ...b, path: '' });

const isEmpty = (rule: BudgetRule) =>
  [rule.timings, rule.scores, rule.resourceSizes, rule.resourceCounts, rule.audits ?? {}].every((section) => Object.keys(section).length === 0);

/**
 * The budgets of the pages from Lighthouse CI's assertions, each page's assertions resolved at
 * its URL: one budget for every page ("/*") when they all have the same, else one per page at its
 * exact path ("/pricing$"). Returns what was imported, and notes for what was not.
 */
export function budgetsFromLhci(
  blocks: readonly AssertBlock[],
  pages: readonly FoundPage[],
  urls: readonly string[],
): { rules: BudgetRule[]; imported: number; applied: number; notes: string[] } {
  const perPage = pages.map((page, i) => ({ page, ...pageAssertions(blocks, urls[i] as string) }));
  const notes = [...new Set(perPage.flatMap((p) => p.skipped))];
  const imported = new Set(perPage.flatMap((p) => [...p.imported])).size;
  const applied = new Set(perPage.flatMap((p) => [...p.applied])).size;
  const methods = new Set(perPage.flatMap((p) => [...p.aggregation]));
  for (const method of methods) {
    if (method !== 'median') notes.push(`Lighthouse CI judged ${AGGREGATION[method] ?? `by "${method}"`}`);
  }
  const budgeted = perPage.filter((p) => !isEmpty(p.rule));
  const unbudgeted = perPage.filter((p) => isEmpty(p.rule)).map((p) => p.page.name);
  if (budgeted.length > 0 && unbudgeted.length > 0) notes.push(`no assertion applies to ${unbudgeted.join(', ')}: those pages are measured without budgets`);
  if (budgeted.length === 0) return { rules: [], imported: 0, applied, notes };
  const first = budgeted[0]?.rule as BudgetRule;
  if (unbudgeted.length === 0 && budgeted.every((p) => sameLimits(p.rule, first))) return { rules: [{ ...first, path: '/*' }], imported, applied, notes };
  const rules: BudgetRule[] = [];
  for (const { page, rule } of budgeted) {
    const path = `${page.path}$`;
    if (patternProblem(path) !== null) {
      notes.push(`${page.name}: its path ${page.path} cannot be a budget's exact path pattern; its assertions are not imported`);
      continue;
    }
    if (pages.some((other) => other !== page && other.path === page.path))
      notes.push(`${page.name}: another page has the path ${page.path}; the last budget for it applies to both`);
    rules.push({ ...rule, path });
  }
  return { rules, imported, applied, notes };
}
