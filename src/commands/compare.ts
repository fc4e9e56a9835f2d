import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { compareLabField, fieldVerdicts } from '../compare.js';
import { buildDashboard, type SampleRow } from '../dashboard.js';
import { renderDashboard } from '../report/dashboard.js';
import { loadBudgets } from '../config/load-budgets.js';
import { loadResults } from '../config/load-results.js';
import { UserError } from '../errors.js';
import { openStore } from '../field/open-store.js';
import type { SummaryRow } from '../field/store.js';
import type { Io } from '../io.js';
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
}

const DAY_MS = 86_400_000;

/** Field summary rows (and, for --html, raw samples) from a running collector or straight from its database. */
async function fieldData(flags: CompareFlags, io: Io, since: number): Promise<{ rows: SummaryRow[]; samples: SampleRow[] }> {
  if (flags.collector) {
    const rows = await fetchJson<{ rows: SummaryRow[] }>(flags, io, '/api/summary', since);
    const samples = flags.html ? await fetchJson<{ rows: SampleRow[] }>(flags, io, '/api/samples', since) : { rows: [] };
    return { rows: rows.rows, samples: samples.rows };
  }
  if (!flags.db && !flags.databaseUrl && !io.env.DATABASE_URL) throw new UserError('perfgate compare needs field data: --collector URL, --db FILE or --database-url URL.');
  const { store } = await openStore({ db: flags.db, databaseUrl: flags.databaseUrl ?? (flags.db ? undefined : io.env.DATABASE_URL), cwd: io.cwd });
  try {
    return { rows: await store.summary({ since }), samples: flags.html ? await store.samples(since, 100_000) : [] };
  } finally {
    await store.close();
  }
}

async function fetchJson<T>(flags: CompareFlags, io: Io, endpoint: string, since: number): Promise<T> {
  if (!URL.canParse(flags.collector ?? '') || !/^https?:/.test(flags.collector ?? '')) {
    throw new UserError(`--collector ${flags.collector}: not an http(s) URL; write the collector's address, e.g. http://127.0.0.1:8787.`);
  }
  const url = new URL(endpoint, flags.collector);
  url.searchParams.set('since', String(since));
  const token = io.env.PERFGATE_READ_TOKEN;
  let response: Response;
  try {
    response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  } catch (error) {
    throw new UserError(`--collector ${flags.collector}: cannot reach it (${(error as Error).message}).`);
  }
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
  const { rows, samples } = await fieldData(flags, io, since);
  const field = compareLabField(results, rows, flags.minSamples);
  const budgetsWithField = [...results.budgets.filter((b) => b.kind !== 'field'), ...fieldVerdicts(field, budgets?.field ?? {})];
  const updated: Results = { ...results, field, budgets: budgetsWithField, verdict: overallVerdict(results.pages, budgetsWithField) };
  writeFileSync(file, `${JSON.stringify(updated, null, 2)}\n`);
  if (flags.html) {
    const data = buildDashboard(samples, updated, { title: 'perfgate: lab versus field', windowDays: flags.since, now: Date.now() });
    writeFileSync(path.resolve(io.cwd, flags.html), renderDashboard(data));
    io.stderr.write(`dashboard: ${flags.html}\n`);
  }
  io.stdout.write(flags.format === 'json' ? `${JSON.stringify(field, null, 2)}\n` : `${renderMarkdown(updated)}\n`);
  return EXIT_CODES[updated.verdict];
}
