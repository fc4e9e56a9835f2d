import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadResults } from '../config/load-results.js';
import { UserError } from '../errors.js';
import type { Io } from '../io.js';
import { reportsToOpen } from '../report/reports-to-open.js';
import { type Opener, opener } from './opener.js';

export interface OpenFlags {
  /** results.json of the run; its reports are in its folder. */
  results: string;
  /** Only these pages or user flows, by name. */
  page?: string[];
}

/**
 * `perfgate open`, as `lhci open`: opens each page's representative HTML report (and each user
 * flow's) of the last run in the browser, one opener per report, and says which it opened.
 */
export async function openCommand(flags: OpenFlags, io: Io): Promise<number> {
  const file = path.resolve(io.cwd, flags.results);
  const results = loadResults(file);
  const reports = reportsToOpen(results, file, flags.page);
  if (reports.length === 0)
    throw new UserError(
      `${file}: holds no HTML report (perfgate assert and size write none, and a page that could not be measured has none). Run perfgate run first.`,
    );
  for (const report of reports) {
    const html = path.resolve(path.dirname(file), report.html);
    if (!existsSync(html))
      throw new UserError(`${html}: the HTML report of ${report.name} is not there (was the output folder moved or cleaned?). Run perfgate run again.`);
    await openWithFirst(opener(html, io.env, process.platform), path.relative(io.cwd, html) || html);
    io.stdout.write(`opened ${report.name}: ${path.relative(io.cwd, html) || html}\n`);
  }
  return 0;
}

/** Starts the first of the openers that starts (not waiting for it to end); when none does, says what to do. */
async function openWithFirst(openers: readonly Opener[], shown: string): Promise<void> {
  const failures: string[] = [];
  for (const { command, args } of openers) {
    const started = await new Promise<string | null>((resolve) => {
      const child = spawn(command, args, { detached: true, stdio: 'ignore' });
      child.once('spawn', () => {
        child.unref();
        resolve(null);
      });
      child.once('error', (error: NodeJS.ErrnoException) => resolve(`${command} (${error.code ?? error.message})`));
    });
    if (started === null) return;
    failures.push(started);
  }
  throw new UserError(
    `could not start ${failures.join(', nor ')} to open the report: open ${shown} yourself, or set BROWSER to your browser's command (with its arguments, %s standing for the file)`,
  );
}
