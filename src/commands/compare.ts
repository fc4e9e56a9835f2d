import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { compareLabField, fieldVerdicts } from '../lab-vs-field.js';
import { buildDashboard } from '../dashboard.js';
import { renderDashboard } from '../report/dashboard.js';
import { loadBudgets } from '../config/load-budgets.js';
import { loadResults } from '../config/load-results.js';
import { UserError } from '../errors.js';
import { openStore } from '../field/open-store.js';
import type { FieldAggregates, SummaryRow, TargetRow } from '../field/summary.js';
import type { Io } from '../io.js';
import { renderAnnotations } from '../report/annotations.js';
import { reviewId } from './review-id.js';
import { appendStepSummary } from './step-summary.js';
import { renderJunit } from '../report/junit.js';
import { renderMarkdown } from '../report/markdown.js';
import { EXIT_CODES, overallVerdict, type Results } from '../results.js';

export interface CompareFlags {
  results: string;
  collector?: string;
  db?: string;
  databaseUrl?: string;
  budgets: string;
  since: number;
  minSamples: number;
  format: 'md' | 'json';
  html?: string;
  /** Also write the budgets (the field budgets among them) as JUnit XML here. */
  junit?: string;
  /** The package (monorepos): its own section of the job summary. */
  id?: string;
}

const DAY_MS = 86_400_000;
/** Pages the --html dashboard shows, most samples first (the lab's pages always). */
const DASHBOARD_PAGES = 50;

/** Field summary rows (and, for --html, the dashboard's aggregates) from a running collector or straight from its database. */
async function fieldData(
  flags: CompareFlags,
  io: Io,
  since: number,
  labPages: string[],
): Promise<{ rows: SummaryRow[]; targets: TargetRow[]; aggregates: FieldAggregates | null }> {
  const query = { since, pageLimit: DASHBOARD_PAGES, alwaysInclude: labPages };
  if (flags.collector) {
    const include = labPages.map((page) => ['include', page]);
    const rows = await fetchJson<{ rows: SummaryRow[] }>(flags, io, '/api/summary', [
      ['since', String(since)],
      ['device', 'all'],
      ...labPages.map((page) => ['page', page]),
    ]);
    // A collector older than /api/targets answers 404: no targets, as from an app without the attribution build.
    const targets = await fetchJson<{ rows: TargetRow[] }>(flags, io, '/api/targets', [['since', String(since)], ...labPages.map((page) => ['page', page])], {
      rows: [],
    });
    const aggregates = flags.html
      ? await fetchJson<FieldAggregates>(flags, io, '/api/aggregates', [['since', String(since)], ['pages', String(DASHBOARD_PAGES)], ...include])
      : null;
    return { rows: rows.rows, targets: targets.rows, aggregates };
  }
  if (!flags.db && !flags.databaseUrl && !io.env.DATABASE_URL)
    throw new UserError('perfgate compare needs field data: --collector URL, --db FILE or --database-url URL.');
  const { store } = await openStore({ db: flags.db, databaseUrl: flags.databaseUrl ?? (flags.db ? undefined : io.env.DATABASE_URL), cwd: io.cwd });
  try {
    return {
      rows: await store.summary({ since, pages: labPages, device: 'all' }),
      targets: await store.targets({ since, pages: labPages }),
      aggregates: flags.html ? await store.aggregates(query) : null,
    };
  } finally {
    await store.close();
  }
}

/** GET a collector's JSON read; `ifAbsent` is the value when the collector has no such endpoint (404). */
async function fetchJson<T>(flags: CompareFlags, io: Io, endpoint: string, params: string[][], ifAbsent?: T): Promise<T> {
  if (!URL.canParse(flags.collector ?? '') || !/^https?:/.test(flags.collector ?? '')) {
    throw new UserError(`--collector ${flags.collector}: not an http(s) URL; write the collector's address, e.g. http://127.0.0.1:8787.`);
  }
  const url = new URL(endpoint, flags.collector);
  url.search = new URLSearchParams(params).toString();
  const token = io.env.PERFGATE_READ_TOKEN;
  let response: Response;
  try {
    response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  } catch (error) {
    throw new UserError(`--collector ${flags.collector}: cannot reach it (${(error as Error).message}).`);
  }
  if (response.status === 404 && ifAbsent !== undefined) return ifAbsent;
  if (response.status === 401) throw new UserError(`--collector ${flags.collector}: needs a read token; set PERFGATE_READ_TOKEN.`);
  if (!response.ok) throw new UserError(`--collector ${flags.collector}: GET ${endpoint} answered ${response.status}.`);
  return (await response.json()) as T;
}

/**
 * `perfgate compare`: lab versus field per page. Adds the comparison and the field budgets' verdicts
 * to results.json (so `perfgate report` and `perfgate comment` show them) and prints it as markdown or JSON.
 */
export async function compareCommand(flags: CompareFlags, io: Io): Promise<number> {
  const file = path.resolve(io.cwd, flags.results);
  const results = loadResults(file);
  const budgetsFile = path.resolve(io.cwd, flags.budgets);
  const budgets = flags.budgets !== 'budgets.json' || existsSync(budgetsFile) ? loadBudgets(budgetsFile) : null;
  const since = Date.now() - flags.since * DAY_MS;
  const { rows, targets, aggregates } = await fieldData(
    flags,
    io,
    since,
    results.pages.map((p) => p.name),
  );
  const field = compareLabField(results, rows, flags.minSamples, targets);
  const budgetsWithField = [...results.budgets.filter((b) => b.kind !== 'field'), ...fieldVerdicts(field, budgets?.field ?? {})];
  const updated: Results = { ...results, field, budgets: budgetsWithField, verdict: overallVerdict(results.pages, budgetsWithField) };
  writeFileSync(file, `${JSON.stringify(updated, null, 2)}\n`);
  if (flags.html && aggregates) {
    const data = buildDashboard(aggregates, updated, { title: 'perfgate: lab versus field', windowDays: flags.since, now: Date.now() });
    writeFileSync(path.resolve(io.cwd, flags.html), renderDashboard(data));
    io.stderr.write(`dashboard: ${flags.html}\n`);
  }
  io.stdout.write(flags.format === 'json' ? `${JSON.stringify(field, null, 2)}\n` : `${renderMarkdown(updated)}\n`);
  if (flags.junit) writeFileSync(path.resolve(io.cwd, flags.junit), renderJunit(updated));
  if (io.env.GITHUB_ACTIONS === 'true') {
    io.stderr.write(renderAnnotations(updated));
    appendStepSummary(renderMarkdown(updated, { id: reviewId(flags.id, flags.budgets, io.cwd, io.env) }), file, io.env);
  }
  return EXIT_CODES[updated.verdict];
}
