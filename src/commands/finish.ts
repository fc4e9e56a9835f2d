import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Io } from '../io.js';
import { EXIT_CODES, overallVerdict, SCHEMA_VERSION, type Environment, type PageResult, type Results } from '../results.js';
import { renderConsole } from '../report/console.js';
import type { Comparison } from '../regression.js';
import type { Verdict } from '../types.js';
import { VERSION } from '../version.js';

/** Assembles results.json from pages and verdicts. */
export function buildResults(pages: PageResult[], budgets: Verdict[], environment: Environment, runsPerPage: number, comparison?: Comparison): Results {
  const versions = [...new Set(pages.map((p) => p.lighthouseVersion).filter((v): v is string => v !== null))];
  return {
    ...(comparison ? { comparison } : {}),
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'perfgate', version: VERSION },
    createdAt: new Date().toISOString(),
    verdict: overallVerdict(pages, budgets),
    lighthouseVersion: versions.join(', ') || null,
    runsPerPage,
    environment,
    pages,
    budgets,
  };
}

/** Writes DIR/results.json, prints the table, and returns the exit code of the verdict. */
export async function finish(results: Results, outDir: string, io: Io): Promise<number> {
  await mkdir(outDir, { recursive: true });
  const file = path.join(outDir, 'results.json');
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
  io.stdout.write(renderConsole(results, { color: Boolean(io.stdout.isTTY) && !io.env.NO_COLOR }));
  io.stdout.write(`results: ${path.relative(io.cwd, file) || file}\n`);
  return EXIT_CODES[results.verdict];
}
