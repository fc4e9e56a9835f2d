import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { compareLabField, fieldVerdicts } from '../compare.js';
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
}

const DAY_MS = 86_400_000;

/** Field summary rows from a running collector (GET /api/summary) or straight from its database. */
async function fieldRows(flags: CompareFlags, io: Io, since: number): Promise<SummaryRow[]> {
  if (flags.collector) {
    const url = new URL('/api/summary', flags.collector);
    url.searchParams.set('since', String(since));
    const token = io.env.PERFGATE_READ_TOKEN;
    let response: Response;
    try {
      response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    } catch (error) {
      throw new UserError(`--collector ${flags.collector}: cannot reach it (${(error as Error).message}).`);
    }
    if (response.status === 401) throw new UserError(`--collector ${flags.collector}: needs a read token; set PERFGATE_READ_TOKEN.`);
    if (!response.ok) throw new UserError(`--collector ${flags.collector}: GET /api/summary answered ${response.status}.`);
    return ((await response.json()) as { rows: SummaryRow[] }).rows;
  }
  if (!flags.db && !flags.databaseUrl && !io.env.DATABASE_URL) throw new UserError('perfgate compare needs field data: --collector URL, --db FILE or --database-url URL.');
  const { store } = await openStore({ db: flags.db, databaseUrl: flags.databaseUrl ?? (flags.db ? undefined : io.env.DATABASE_URL), cwd: io.cwd });
  try {
    return await store.summary({ since });
  } finally {
    await store.close();
  }
}

/**
 * `perfgate compare`: lab versus field per page. Adds the comparison and the field budgets' verdicts
 * to results.json (so `perfgate report` and `perfgate comment` show them) and prints it as markdown or JSON.
 */
export async function compareCommand(flags: CompareFlags, io: Io): Promise<number> {
  const file = path.resolve(io.cwd, flags.results);
  const results = loadResults(file);
  const budgetsFile = path.resolve(io.cwd, flags.budgets);
  const budgets = flags.budgets !== 'budgets.json' || (await import('node:fs')).existsSync(budgetsFile) ? loadBudgets(budgetsFile) : null;
  const rows = await fieldRows(flags, io, Date.now() - flags.since * DAY_MS);
  const field = compareLabField(results, rows, flags.minSamples);
  const budgetsWithField = [...results.budgets.filter((b) => b.kind !== 'field'), ...fieldVerdicts(field, budgets?.field ?? {})];
  const updated: Results = { ...results, field, budgets: budgetsWithField, verdict: overallVerdict(results.pages, budgetsWithField) };
  writeFileSync(file, `${JSON.stringify(updated, null, 2)}\n`);
  io.stdout.write(flags.format === 'json' ? `${JSON.stringify(field, null, 2)}\n` : `${renderMarkdown(updated)}\n`);
  return EXIT_CODES[updated.verdict];
}
