import path from 'node:path';
import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { type BundleMeasure, assertBundles, bundleFolders, measureBundles } from '../bundles.js';
import { bundlesInBaseCopy } from '../budgets/bundles-on-base.js';
import { measureBaseBundles } from './base-bundles.js';
import { loadBudgetsWithBundles } from '../config/load-budgets.js';
import { loadResults } from '../config/load-results.js';
import { UserError } from '../errors.js';
import type { Io } from '../io.js';
import { reviewId } from './review-id.js';
import { environmentOf } from '../results.js';
import { judgeRun } from '../judge-run.js';
import { finish, madeNow } from './finish.js';
import { folderFlag } from './folder-flag.js';
import { isFolder } from '../is-folder.js';
import { sizeLimitJson } from '../size-limit-json.js';
import { sizeDebug } from '../size-debug.js';
import { VERSION } from '../version.js';
import { bundleWhyLines } from '../report/bundle-why-lines.js';
import { watchChanges } from './watch-changes.js';
import { plural } from '../plural.js';

export interface SizeFlags {
  budgets: string;
  /** size-limit's config to measure (size-limit's --config), instead of the one found beside budgets.json. */
  config?: string;
  /** Files to measure as one check, instead of any config (size-limit's positional files). */
  files?: string[];
  /** The limit of every size-limit check (size-limit's --limit). */
  limit?: string;
  /** Keep each bundled check's bundle in a folder of its own here, as size-limit's --save-bundle. */
  saveBundle?: string;
  /** Empty the --save-bundle folder first, as size-limit's --clean-dir. */
  cleanDir?: boolean;
  /** Say how far below its limit each passing bundle is, as size-limit's --highlight-less. */
  highlightLess?: boolean;
  out: string;
  /** Also write the budgets as JUnit XML here. */
  junit?: string;
  /** The package (monorepos): its own section of the job summary; default from the config folder. */
  id?: string;
  base?: string;
  /** The base commit's copy of the folder budgets.json is in, its bundles built: measured there too, side by side. */
  baseRoot?: string;
  /** Print the bundles as `size-limit --json` does on stdout (the table goes to stderr). */
  json?: boolean;
  /** Leave passing bundles out of the table, as size-limit's --hide-passed. */
  hidePassed?: boolean;
  /** Print nothing when every bundle passes, else only those that did not, as size-limit's --silent. */
  silent?: boolean;
  /** After the table, what each bundle holds: its sources' or files' shares, as size-limit's --why shows it. */
  why?: boolean;
  /** Measure again whenever files in the working folder change, until Ctrl-C, as size-limit's --watch. */
  watch?: boolean;
  /** size-limit's stats.json of another build for its analyser (--why): refused, naming perfgate's comparisons. */
  compareWith?: string;
  /** After the results, what was read and measured as JSON, for an issue report, as size-limit's --debug. */
  debug?: boolean;
}

/** The folder --base-root names, which must exist: a base not built there is a usage error, not a bundle new in every file. */
function baseRootOf(flag: string, cwd: string): string {
  return folderFlag('--base-root', flag, cwd, `Check out the base commit there and build its bundles first (e.g. git worktree add ${flag} <merge-base>).`);
}

/**
 * The --save-bundle folder, emptied first with --clean-dir; a folder that holds files without it is a
 * user error, as size-limit refuses to write bundles among other files.
 */
async function bundleFolder(dir: string, clean: boolean, cwd: string): Promise<string> {
  // A file is never a folder to keep bundles in, nor one to empty.
  if (existsSync(dir) && !isFolder(dir)) throw new UserError(`--save-bundle ${dir}: is a file, not a folder. Give a folder, such as .perfgate/bundles.`);
  // Never empty the project: the working folder, or a folder that holds it.
  const fromDir = path.relative(dir, cwd);
  const holdsCwd = fromDir === '' || (fromDir !== '..' && !fromDir.startsWith(`..${path.sep}`) && !path.isAbsolute(fromDir));
  if (clean && holdsCwd)
    throw new UserError(
      `--clean-dir would delete ${dir}, which holds the working folder ${cwd}: give --save-bundle a folder of its own, such as .perfgate/bundles.`,
    );
  if (clean) await rm(dir, { recursive: true, force: true });
  const held = existsSync(dir) ? await readdir(dir) : [];
  if (held.length > 0) throw new UserError(`--save-bundle ${dir}: the folder is not empty. Give --clean-dir to empty it first, or another folder.`);
  return dir;
}

/**
 * `perfgate size`: measure the bundles of budgets.json with size-limit, without Lighthouse; with
 * --watch, again after each change in the working folder (a mistake in the config is said, and
 * the watch goes on), until Ctrl-C. Returns the last measurement's exit code.
 */
export async function sizeCommand(flags: SizeFlags, io: Io): Promise<number> {
  if (flags.compareWith !== undefined)
    throw new UserError(
      `--compare-with ${flags.compareWith}: size-limit's bundle analyser reads a webpack stats.json there; perfgate's --why prints what each bundle holds instead, and compares bundles with the base build itself: --base-root DIR (the base commit's build, measured side by side) or --base results.json (stored results).`,
    );
  if (!flags.watch) return measureSizes(flags, io);
  if (flags.json) throw new UserError('--watch prints a table after each change; --json is for one measurement a script reads. Give one of them.');
  const signal = io.signal ?? new AbortController().signal;
  // Once a measurement has filled the --save-bundle folder, the next ones empty it first.
  let measured = flags;
  const measure = async (): Promise<number> => {
    try {
      const code = await measureSizes(measured, io);
      if (flags.saveBundle !== undefined) measured = { ...flags, cleanDir: true };
      return code;
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      io.stderr.write(`\nperfgate: ${error.message}\n`);
      return error.exitCode;
    }
  };
  let code = await measure();
  // perfgate's own output changes with each measurement: changes there start none.
  const own = [flags.out, flags.saveBundle, flags.junit].flatMap((dir) => (dir === undefined ? [] : [path.relative(io.cwd, path.resolve(io.cwd, dir))]));
  io.stderr.write(`\nwatching ${io.cwd} for changes (Ctrl-C to stop)\n`);
  await watchChanges(io.cwd, own, signal, async (files) => {
    io.stdout.write(`\n${files[0]}${files.length > 1 ? ` and ${plural(files.length - 1, 'other file')}` : ''} changed: measuring again\n`);
    code = await measure();
  });
  return code;
}

/** One measurement of `perfgate size`: the bundles, their verdicts, results.json and the table. */
async function measureSizes(flags: SizeFlags, io: Io): Promise<number> {
  const id = reviewId(flags.id, flags.budgets, io.cwd, io.env);
  const budgets = await loadBudgetsWithBundles(io.cwd, flags.budgets, undefined, { config: flags.config, files: flags.files, limit: flags.limit });
  for (const warning of budgets?.warnings ?? []) io.stderr.write(`warning: ${warning}\n`);
  if (!budgets || budgets.bundles.length === 0) {
    const file = budgets?.file ?? path.resolve(io.cwd, flags.budgets);
    throw new UserError(
      `${file}: ${budgets ? 'has no "bundles" section' : 'not found'}, and no size-limit config (.size-limit.json, .size-limit.js, or "size-limit" in package.json) beside it. Add bundles to budgets.json, e.g. "bundles": [{ "name": "app JS", "path": "dist/assets/*.js", "warn": "100 kB", "error": "120 kB" }].`,
    );
  }
  if (flags.base && flags.baseRoot) throw new UserError('--base and --base-root both name a base: give one (--base-root measures the base side by side).');
  const saveBundle = flags.saveBundle === undefined ? undefined : await bundleFolder(path.resolve(io.cwd, flags.saveBundle), flags.cleanDir === true, io.cwd);
  if (flags.cleanDir && saveBundle === undefined)
    throw new UserError('--clean-dir empties the --save-bundle folder: give --save-bundle DIR too, as size-limit asks.');
  const base = flags.base ? loadResults(path.resolve(io.cwd, flags.base)) : null;
  // --debug: what was read and measured, for an issue report (to stderr when measuring fails, as size-limit's).
  const debug = (measures: BundleMeasure[] | null, out: Io['stdout']) => {
    if (!flags.debug) return;
    const about = { version: VERSION, node: process.version, platform: `${process.platform} ${process.arch}`, cwd: io.cwd, config: budgets.bundlesFile };
    out.write(`\nperfgate --debug:\n${JSON.stringify(sizeDebug(about, budgets.bundles, measures), null, 2)}\n`);
  };
  const measures = await measureBundles(budgets.bundles, budgets.bundlesFile, saveBundle).catch((error: unknown) => {
    debug(null, io.stderr);
    throw error;
  });
  const baseVerdicts = flags.baseRoot
    ? await measureBaseBundles(
        bundlesInBaseCopy(budgets.bundles, path.dirname(budgets.bundlesFile), baseRootOf(flags.baseRoot, io.cwd)),
        budgets.bundlesFile,
        io,
      )
    : [];
  const verdicts = assertBundles(budgets.bundles, measures);
  const results = judgeRun({
    pages: [],
    budgets: { rules: budgets.budgets, comparison: budgets.comparison },
    verdicts,
    base,
    baseVerdicts,
    environment: environmentOf([], null, null, process.version),
    runsPerPage: 0,
    ...madeNow(),
  });
  // --highlight-less says it of every bundle; a limit written in bytes of its own bundle, as size-limit does.
  const highlightLess = flags.highlightLess === true || budgets.bundles.filter((b) => b.highlightLess).map((b) => b.name);
  const options = { junit: flags.junit, id, hidePassed: flags.hidePassed, silent: flags.silent, highlightLess };
  // As size-limit --json: stdout holds the JSON alone, everything else goes to stderr.
  const terminal = flags.json ? io.stderr : io.stdout;
  const code = await finish(results, path.resolve(io.cwd, flags.out), { ...io, stdout: terminal }, options);
  if (flags.why) {
    const why = bundleWhyLines(results.budgets);
    terminal.write(
      why.length > 0
        ? `\nwhat each bundle holds:\n${why.map((line) => `  ${line}\n`).join('')}`
        : '\nwhat each bundle holds: each is one file without a source map (build with source maps to see its sources)\n',
    );
  }
  if (saveBundle !== undefined) {
    const kept = bundleFolders(budgets.bundles).flatMap((folder, i) => (folder ? [`  ${budgets.bundles[i]?.name}: ${path.join(saveBundle, folder)}\n`] : []));
    terminal.write(
      kept.length > 0
        ? `\nbundles kept (--save-bundle):\n${kept.join('')}`
        : '\n--save-bundle: no check is bundled (the files are measured as they are built), so there is no bundle to keep\n',
    );
  }
  if (flags.json) io.stdout.write(`${JSON.stringify(sizeLimitJson(budgets.bundles, measures, verdicts), null, 2)}\n`);
  debug(measures, terminal);
  return code;
}
