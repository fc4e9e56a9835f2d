import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { loadResults } from '../config/load-results.js';
import { UserError } from '../errors.js';
import type { Io } from '../io.js';
import { lhciAssertionResults } from '../report/lhci-assertion-results.js';
import { lhciLinksLine } from '../report/lhci-links-line.js';
import { LHCI_LINKS_FILE, lhciPageLinks } from '../report/lhci-page-links.js';
import { addToStepSummary } from './step-summary.js';
import { readLhciManifest } from './read-lhci-manifest.js';

export interface UploadFlags {
  /** The output folder of perfgate run: its manifest.json lists the runs. */
  out: string;
  /** Passed on to lhci upload as they are (--target, --serverBaseUrl, --token, ...). */
  lhciArgs: string[];
}

/** Lighthouse CI's working folder, where `lhci upload` reads the runs (`lhr-<n>.json`) and the assertion results. */
const LHCI_DIR = '.lighthouseci';

/** The `lhci` command of the project's @lhci/cli, else of the one installed beside perfgate; null when neither is. */
function lhciBin(cwd: string): string | null {
  for (const from of [path.join(cwd, 'package.json'), import.meta.url]) {
    try {
      const manifest = createRequire(from).resolve('@lhci/cli/package.json');
      const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin?: string | Record<string, string> };
      const file = typeof bin === 'string' ? bin : bin?.lhci;
      if (file) return path.resolve(path.dirname(manifest), file);
    } catch {
      // Not installed where this one looks.
    }
  }
  return null;
}

/**
 * `perfgate upload [lhci upload options]`: hands the pull request's runs of the last `perfgate run`
 * to `lhci upload` as if `lhci collect` had made them (each page's reports as `.lighthouseci/lhr-<n>.json`,
 * perfgate's failed budgets as its `assertion-results.json`), so they go to a Lighthouse CI server,
 * temporary public storage or a folder with every option lhci has. Returns lhci's exit code.
 */
export async function uploadCommand(flags: UploadFlags, io: Io): Promise<number> {
  const outDir = path.resolve(io.cwd, flags.out);
  const manifestFile = path.join(outDir, 'manifest.json');
  if (!existsSync(manifestFile))
    throw new UserError(
      `${manifestFile}: not there. perfgate upload sends the runs perfgate run wrote into its output folder (--out ${flags.out}): run it first, or name the folder with --out.`,
    );
  const manifest = readLhciManifest(manifestFile);
  if (!manifest) throw new UserError(`${manifestFile}: not a manifest.json that perfgate run wrote (a list of runs, each with its jsonPath).`);
  if (manifest.length === 0)
    throw new UserError(`${manifestFile}: lists no runs: no page was measured (user flows are not Lighthouse CI's, and are not uploaded).`);
  // Where the run wrote them, or beside the manifest when the folder was moved (a downloaded artifact).
  const reports = manifest.map((entry) => {
    const moved = path.join(outDir, 'runs', path.basename(entry.jsonPath));
    const file = existsSync(entry.jsonPath) ? entry.jsonPath : moved;
    if (!existsSync(file))
      throw new UserError(`${moved}: the report of a run of ${entry.url} is not there (was the output folder cleaned?). Run perfgate run again.`);
    return file;
  });
  const bin = lhciBin(io.cwd);
  if (!bin) throw new UserError('perfgate upload runs lhci upload, and Lighthouse CI is not installed. Install it: npm install --save-dev @lhci/cli@0.15');

  // As lhci collect does, the runs of an earlier collection are cleared first: lhci upload sends every one it finds.
  // So are an earlier upload's links, which would otherwise be taken for this one's.
  const lhciDir = path.join(io.cwd, LHCI_DIR);
  await mkdir(lhciDir, { recursive: true });
  for (const name of await readdir(lhciDir))
    if (/^lhr-\d+\.json$/.test(name) || name === 'assertion-results.json' || name === 'links.json') await rm(path.join(lhciDir, name), { force: true });
  const linksFile = path.join(outDir, LHCI_LINKS_FILE);
  await rm(linksFile, { force: true });
  const first = Date.now();
  for (const [index, file] of reports.entries()) await copyFile(file, path.join(lhciDir, `lhr-${first + index}.json`));
  const resultsFile = path.join(outDir, 'results.json');
  const results = existsSync(resultsFile) ? loadResults(resultsFile) : null;
  if (results) await writeFile(path.join(lhciDir, 'assertion-results.json'), `${JSON.stringify(lhciAssertionResults(results), null, 2)}\n`);
  io.stdout.write(
    `perfgate upload: ${reports.length} run${reports.length === 1 ? '' : 's'} of ${new Set(manifest.map((e) => e.url)).size} page(s) into ${LHCI_DIR}/, then lhci upload\n`,
  );

  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'upload', ...flags.lhciArgs], { cwd: io.cwd, env: io.env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => io.stdout.write(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => io.stderr.write(chunk.toString()));
    child.on('error', reject);
    child.on('close', (exit) => resolve(exit ?? 1));
  });

  // lhci's links (a build diff or a public report per URL) by page, for the review.
  const links = jsonOrNull(path.join(lhciDir, 'links.json'));
  if (links && typeof links === 'object' && results) {
    const runs = manifest.map((entry, index) => ({ url: entry.url, finalUrl: finalUrlOf(reports[index] as string) }));
    const pageLinks = lhciPageLinks(links as Record<string, unknown>, runs, results.pages);
    if (pageLinks.length > 0) {
      await writeFile(linksFile, `${JSON.stringify(pageLinks, null, 2)}\n`);
      // The review already in this job's summary (perfgate run put it there) gets the links under it; a later review reads the file.
      const inSummary = addToStepSummary(lhciLinksLine(pageLinks), resultsFile, io.env);
      io.stdout.write(
        `perfgate upload: the review links ${pageLinks.length} page(s) on Lighthouse CI (${path.relative(io.cwd, linksFile) || linksFile}${inSummary ? ', and the job summary' : ''})\n`,
      );
    }
  }
  return code;
}

function jsonOrNull(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** The URL a run's report says the page ended at, which lhci keys its links by. */
function finalUrlOf(report: string): string | undefined {
  const lhr = jsonOrNull(report) as { finalUrl?: unknown; finalDisplayedUrl?: unknown } | null;
  const url = lhr?.finalUrl ?? lhr?.finalDisplayedUrl;
  return typeof url === 'string' ? url : undefined;
}
