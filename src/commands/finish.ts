import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Io } from '../io.js';
import { EXIT_CODES, type Results } from '../results.js';
import { renderConsole } from '../report/console.js';
import { VERSION } from '../version.js';

/** What judgeRun needs from the edge: the clock and perfgate's version. */
export const madeNow = (): { createdAt: string; version: string } => ({ createdAt: new Date().toISOString(), version: VERSION });

/** Writes DIR/results.json, prints the table, and returns the exit code of the verdict. */
export async function finish(results: Results, outDir: string, io: Io): Promise<number> {
  await mkdir(outDir, { recursive: true });
  const file = path.join(outDir, 'results.json');
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
  io.stdout.write(renderConsole(results, { color: Boolean(io.stdout.isTTY) && !io.env.NO_COLOR }));
  io.stdout.write(`results: ${path.relative(io.cwd, file) || file}\n`);
  return EXIT_CODES[results.verdict];
}
