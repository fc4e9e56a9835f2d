import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Io } from '../io.js';
import { EXIT_CODES, type Results } from '../results.js';
import { renderAnnotations } from '../report/annotations.js';
import { renderConsole } from '../report/console.js';
import { renderJunit } from '../report/junit.js';
import { lhciAssertionResults } from '../report/lhci-assertion-results.js';
import { LHCI_LINKS_FILE } from '../report/lhci-page-links.js';
import { renderMarkdown } from '../report/markdown.js';
import { appendStepSummary } from './step-summary.js';
import { VERSION } from '../version.js';

/** What judgeRun needs from the edge: the clock and perfgate's version. */
export const madeNow = (): { createdAt: string; version: string } => ({ createdAt: new Date().toISOString(), version: VERSION });

/** Outputs beside results.json that a command was asked for. */
export interface FinishOptions {
  /** Write the budgets as JUnit XML to this file (relative to the working folder). */
  junit?: string;
  /** The package the results are of (monorepos): its own section of the job summary. */
  id?: string;
  /** Leave passing bundles out of the table (size-limit's --hide-passed). */
  hidePassed?: boolean;
  /** Print nothing when every budget passes, else only what did not pass (size-limit's --silent). */
  silent?: boolean;
  /** Say how far below its limit each passing bundle is (size-limit's --highlight-less), or of these bundles (those whose limit is written in bytes, as size-limit says it of them unasked). */
  highlightLess?: boolean | readonly string[];
}

/**
 * Writes DIR/results.json (with Lighthouse CI's assertion-results.json when pages were measured, and
 * the JUnit XML when asked), prints the table (nothing with `silent`
 * when every budget passed), under GitHub Actions annotates the budgets that did not pass and
 * appends the review to the job summary, and returns the exit code of the verdict.
 */
export async function finish(results: Results, outDir: string, io: Io, options: FinishOptions = {}): Promise<number> {
  await mkdir(outDir, { recursive: true });
  const file = path.join(outDir, 'results.json');
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
  // An earlier upload's links are of other runs: perfgate upload writes this run's.
  await rm(path.join(outDir, LHCI_LINKS_FILE), { force: true });
  // The Lighthouse budgets that did not pass, as `lhci assert` writes them, for scripts written for its file.
  if (results.pages.length > 0) await writeFile(path.join(outDir, 'assertion-results.json'), `${JSON.stringify(lhciAssertionResults(results), null, 2)}\n`);
  const silent = options.silent && results.verdict === 'pass';
  const stdout = silent ? { write: () => true } : io.stdout;
  stdout.write(
    renderConsole(results, {
      color: Boolean(io.stdout.isTTY) && !io.env.NO_COLOR,
      hidePassed: Boolean(options.hidePassed || options.silent),
      highlightLess: options.highlightLess ?? false,
    }),
  );
  stdout.write(`results: ${path.relative(io.cwd, file) || file}\n`);
  // Each page's representative run (closest to the median FCP and TTI) as Lighthouse's HTML report, as `lhci open` shows them.
  const reports = [...new Set(results.pages.flatMap((p) => (p.reports?.html ? [p.reports.html] : [])))];
  if (reports.length > 0) {
    const shown = reports.length === 1 ? (reports[0] as string) : path.dirname(reports[0] as string);
    const where = path.relative(io.cwd, path.join(outDir, shown)) || shown;
    const flows = results.pages.some((p) => p.flow) ? ", and each user flow's" : '';
    const what = reports.length === 1 ? '' : ` (${reports.length}: each page's representative run, as Lighthouse picks it${flows})`;
    stdout.write(`HTML reports: ${where}${reports.length === 1 ? '' : path.sep}${what}\n`);
  }
  // Each page's (or flow step's) traces, the base's after its own: on one line for one page, else a line each under its name.
  const where = (trace: string) => path.relative(io.cwd, path.join(outDir, trace)) || trace;
  const traced = results.pages.flatMap((p) => {
    const traces = [p.reports?.trace, p.base?.reports?.trace].filter((t): t is string => Boolean(t));
    return traces.length > 0 ? [{ name: p.name, traces: traces.map(where) }] : [];
  });
  if (traced.length === 1) stdout.write(`Traces (open in Chrome DevTools' Performance panel): ${traced[0]?.traces.join(', ')}\n`);
  else if (traced.length > 1) {
    const lines = traced.map(({ name, traces: [own, base] }) => `  ${name}: ${own}${base ? `, base: ${base}` : ''}\n`);
    stdout.write(`Traces (open in Chrome DevTools' Performance panel):\n${lines.join('')}`);
  }
  if (options.junit) {
    const junit = path.resolve(io.cwd, options.junit);
    await mkdir(path.dirname(junit), { recursive: true });
    await writeFile(junit, renderJunit(results));
    stdout.write(`JUnit XML: ${path.relative(io.cwd, junit) || junit}\n`);
  }
  // On stderr, which the runner reads for workflow commands too: stdout stays the report.
  if (io.env.GITHUB_ACTIONS === 'true') {
    io.stderr.write(renderAnnotations(results));
    appendStepSummary(renderMarkdown(results, { id: options.id }), file, io.env);
  }
  return EXIT_CODES[results.verdict];
}
