import { existsSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { glob } from 'tinyglobby';
import { auditIdsOf } from '../budgets/assert.js';
import { urlPath } from '../budgets/path-pattern.js';
import { loadBudgets } from '../config/load-budgets.js';
import { loadPages } from '../config/load-pages.js';
import { budgetWhere, unusedBudgets } from '../budgets/unused-budgets.js';
import type { PagesConfig } from '../config/model.js';
import { readJson } from '../config/read-json.js';
import { UserError } from '../errors.js';
import type { Io } from '../io.js';
import { reviewId } from './review-id.js';
import { extractRun, isLighthouseReport, type RunSample } from '../metrics.js';
import { loadResults } from '../config/load-results.js';
import { environmentOf, summarizePage } from '../results.js';
import type { RunError } from '../types.js';
import { judgeRun } from '../judge-run.js';
import { finish, madeNow } from './finish.js';
import { isFolder } from '../is-folder.js';

export interface AssertFlags {
  lhr: string[];
  budgets: string;
  pages?: string;
  out: string;
  /** Also write the budgets as JUnit XML here. */
  junit?: string;
  /** The package (monorepos): its own section of the job summary; default from the config folder. */
  id?: string;
  base?: string;
}

/** Expands files, folders (every Lighthouse report in them, e.g. `.lighthouseci/`) and globs into report files. */
export async function expandReportPaths(inputs: readonly string[], cwd: string): Promise<string[]> {
  const files: string[] = [];
  for (const input of inputs) {
    const absolute = path.resolve(cwd, input);
    if (isFolder(absolute)) {
      const names = (await readdir(absolute)).filter((n) => n.endsWith('.json')).sort();
      files.push(...names.map((n) => path.join(absolute, n)));
    } else if (existsSync(absolute)) {
      files.push(absolute);
    } else {
      const matched = await glob(input, { cwd, absolute: true });
      if (matched.length === 0) throw new UserError(`--lhr ${input}: no such file, folder or matching files.`);
      files.push(...matched.sort());
    }
  }
  return [...new Set(files)];
}

/** Reads Lighthouse reports; files inside folders that are not reports (LHCI's manifest, assertion results) are skipped. */
async function readReports(
  files: string[],
  explicit: Set<string>,
  auditIds: readonly string[],
): Promise<Array<{ file: string; sample: RunSample; url: string }>> {
  const out = [];
  for (const file of files) {
    const data = readJson(file, 'Lighthouse report');
    if (!isLighthouseReport(data)) {
      if (explicit.has(file))
        throw new UserError(`${file}: is not a Lighthouse report (no "lighthouseVersion" and "audits"). Pass Lighthouse JSON output (--output=json).`);
      continue;
    }
    const lhr = data as { finalUrl?: string; finalDisplayedUrl?: string; requestedUrl?: string };
    out.push({ file, sample: extractRun(data, auditIds), url: lhr.finalUrl ?? lhr.finalDisplayedUrl ?? lhr.requestedUrl ?? file });
  }
  return out;
}

/** The page name of a URL: the pages.json page with that URL or path, else the URL's path. */
function pageName(url: string, pages: PagesConfig | null): string {
  const target = urlPath(url);
  const page = pages?.pages.find((p) => p.url === url || (p.path !== null && p.path === target));
  return page?.name ?? target;
}

/** `perfgate assert --lhr ...`: assert existing Lighthouse reports, without launching Chrome. */
export async function assertCommand(flags: AssertFlags, io: Io): Promise<number> {
  const id = reviewId(flags.id, flags.budgets, io.cwd, io.env);
  const budgets = loadBudgets(path.resolve(io.cwd, flags.budgets));
  for (const warning of budgets.warnings) io.stderr.write(`warning: ${warning}\n`);
  const pagesConfig = flags.pages ? loadPages(path.resolve(io.cwd, flags.pages), io.env) : null;
  const files = await expandReportPaths(flags.lhr, io.cwd);
  const explicit = new Set(flags.lhr.map((f) => path.resolve(io.cwd, f)).filter((f) => existsSync(f) && statSync(f).isFile()));
  const reports = await readReports(files, explicit, auditIdsOf(budgets.budgets));
  if (reports.length === 0) throw new UserError(`--lhr ${flags.lhr.join(' ')}: no Lighthouse reports found.`);

  const byUrl = new Map<string, typeof reports>();
  for (const report of reports) byUrl.set(report.url, [...(byUrl.get(report.url) ?? []), report]);
  for (const [url, runs] of byUrl) {
    const versions = [...new Set(runs.map((r) => r.sample.lighthouseVersion))];
    if (versions.length > 1)
      throw new UserError(
        `--lhr: the reports of ${url} come from ${versions.length} Lighthouse versions (${versions.join(', ')}), whose metrics differ; their median would mean neither.\n  fix: assert each version's reports separately (e.g. ${runs.find((r) => r.sample.lighthouseVersion === versions[0])?.file} and the others of Lighthouse ${versions[0]} in one call)`,
      );
  }
  for (const unused of unusedBudgets(
    budgets.budgets,
    [...byUrl.keys()].map((url) => ({ url, path: null })),
    null,
    budgetWhere(budgets),
    'the reports',
  ))
    io.stderr.write(`warning: ${budgets.file}: ${unused}\n`);
  const pages = [...byUrl.entries()].map(([url, runs]) => {
    const good = runs.filter((r) => !r.sample.runtimeError);
    const failed = runs.filter((r) => r.sample.runtimeError);
    const error: RunError | null = good.length === 0 ? (failed[0]?.sample.runtimeError ?? null) : null;
    return summarizePage({
      name: pageName(url, pagesConfig),
      url,
      runs: runs.length,
      samples: good.map((r) => r.sample),
      error,
      retries: failed.map((r, i) => ({ run: i + 1, error: r.sample.runtimeError as RunError })),
      reports: null,
    });
  });
  const samples = reports.map((r) => r.sample).filter((s) => !s.runtimeError);
  const base = flags.base ? loadResults(path.resolve(io.cwd, flags.base)) : null;
  const results = judgeRun({
    pages,
    budgets: { rules: budgets.budgets, comparison: budgets.comparison },
    base,
    environment: environmentOf(samples, null, samples[0]?.environment.formFactor ?? 'mobile', process.version),
    runsPerPage: Math.max(...pages.map((p) => p.runs)),
    ...madeNow(),
  });
  return finish(results, path.resolve(io.cwd, flags.out), io, { junit: flags.junit, id });
}
