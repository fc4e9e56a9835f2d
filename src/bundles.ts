import { access, constants, rm } from 'node:fs/promises';
import path from 'node:path';
import filePlugin from '@size-limit/file';
import timePlugin from '@size-limit/time';
import sizeLimit from 'size-limit';
import { glob } from 'tinyglobby';
import { judge } from './budgets/judge.js';
import { bundleWhere } from './config/bundle-where.js';
import type { BundleBudget, BundleNetwork, BundlerCheck } from './config/model.js';
import { UserError } from './errors.js';
import { plural } from './plural.js';
import { slugs } from './slugs.js';
import { formatValue } from './report/format.js';
import { calibrateSizeLimitTime } from './size-limit-calibration.js';
import { bundlerOptions, loadBundlerPlugin, type SizeLimitPlugin } from './size-limit-bundler.js';
import { bundleSources } from './bundle-sources.js';
import { type EsbuildMetafile, esbuildSources } from './esbuild-sources.js';
import { webpackSources } from './webpack-sources.js';
import type { Part, Verdict } from './types.js';

/** What size-limit measured for one bundle budget. */
export interface BundleMeasure {
  name: string;
  /** Matched files, relative to the budgets file (a base build's: named as the pull request's same files). */
  files: string[];
  /** Each file's size in bytes, compressed alone as the budget says (in the order of `files`). */
  fileBytes: number[];
  /** Size in bytes, compressed as the budget says: the files' sum, as size-limit counts it. */
  bytes: number;
  /** What each source weighs in the files that have a source map, uncompressed; null when none has one. */
  sources: Part[] | null;
  /** size-limit's loading time on slow 3G plus running time in headless Chrome (ms), when a time budget asks. */
  time: { loadMs: number; runMs: number; totalMs: number } | null;
  /** Why the time could not be measured, when it could not. */
  timeError: string | null;
  /** For a check bundled by size-limit's esbuild or webpack plugin: with what, and what it bundled; the size is the bundle's. */
  bundled?: string;
}

/** size-limit check options for a compression, as its file plugin reads them. */
const COMPRESSION: Record<BundleBudget['compression'], { gzip?: boolean; brotli?: boolean }> = {
  brotli: {},
  gzip: { gzip: true },
  none: { brotli: false },
};

interface SizeLimitResult {
  size?: number;
  loadTime?: number;
  runTime?: number;
}

type Plugins = ReadonlyArray<ReadonlyArray<SizeLimitPlugin>>;

/** size-limit's JS API, a result per check. Its index.d.ts types plugins as functions; they are lists of plugin objects. */
async function runSizeLimitChecks(
  plugins: Plugins,
  checks: Array<Record<string, unknown>>,
  configPath?: string,
  saveBundle?: string,
): Promise<SizeLimitResult[]> {
  return (await sizeLimit(plugins as unknown as Parameters<typeof sizeLimit>[0], {
    checks,
    configPath,
    ...(saveBundle ? { saveBundle } : {}),
  })) as SizeLimitResult[];
}

/**
 * One check; `configPath`, a file in the config's folder, is where a bundler's config resolves its
 * modules from (node_modules beside it); a bundler plugin writes its bundle into `saveBundle` and keeps it.
 */
async function runSizeLimit(plugins: Plugins, check: Record<string, unknown>, configPath?: string, saveBundle?: string): Promise<SizeLimitResult> {
  const [result] = await runSizeLimitChecks(plugins, [check], configPath, saveBundle);
  return result ?? {};
}

/**
 * The files a bundle budget measures, sorted: those its globs match. A glob matching no file, or a
 * file that cannot be read, is a user error naming the budget and the glob: never a 0-byte pass.
 * (None for a webpack check of entry points, whose bundler config names its files.)
 */
export async function bundleFiles(bundle: BundleBudget, index: number, configFile: string): Promise<string[]> {
  if (bundle.patterns.length === 0) return [];
  const where = `${bundleWhere(configFile, bundle, index)}.path`;
  const files = (await glob(bundle.patterns, { cwd: bundle.baseDir, absolute: true, onlyFiles: true })).sort();
  if (files.length === 0) {
    throw new UserError(
      `${where}: ${bundle.patterns.map((p) => JSON.stringify(p)).join(', ')} matches no file in ${bundle.baseDir}. Build the bundles first, or fix the glob.`,
    );
  }
  for (const file of files) {
    try {
      await access(file, constants.R_OK);
    } catch (error) {
      throw new UserError(`${where}: ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}).`);
    }
  }
  return files;
}

/**
 * Measures one bundle with size-limit's own plugins (@size-limit/file for sizes, @size-limit/time
 * for loading and running time), over its files (see bundleFiles).
 */
export async function measureBundle(bundle: BundleBudget, index: number, configFile: string, saveBundle?: string): Promise<BundleMeasure> {
  const files = await bundleFiles(bundle, index, configFile);
  if (bundle.bundler) return measureBundled(bundle, bundle.bundler, files, bundleWhere(configFile, bundle, index), saveBundle);
  const check = { files, ...COMPRESSION[bundle.compression] };
  // A check per file: size-limit's size of several files is the sum of each one's, so the files' sizes add up to it.
  const sized = await runSizeLimitChecks(
    [filePlugin],
    files.map((file) => ({ ...check, files: [file] })),
  );
  const fileBytes = files.map((_, i) => sized[i]?.size ?? 0);
  const { time, timeError } = await measureTime(bundle, [filePlugin], check);
  const bytes = fileBytes.reduce((sum, b) => sum + b, 0);
  return {
    name: bundle.name,
    files: files.map((f) => path.join(bundle.namePrefix ?? '', path.relative(bundle.baseDir, f))),
    fileBytes,
    bytes,
    sources: await bundleSources(files),
    time,
    timeError,
  };
}

/**
 * Measures a check that size-limit's esbuild or webpack plugin bundles first (a library's `import`),
 * as size-limit does: one bundle, its size the bundle's less the bundler's empty bundle. Its files are
 * the bundle's entries, so no file's share of it is told; esbuild's metafile tells each source's.
 */
async function measureBundled(bundle: BundleBudget, options: BundlerCheck, files: string[], where: string, saveBundle?: string): Promise<BundleMeasure> {
  const plugins = [await loadBundlerPlugin(options.bundler, bundle.baseDir, where), filePlugin];
  const check = { files, ...bundlerOptions(options, bundle.baseDir), ...COMPRESSION[bundle.compression] };
  // esbuild's metafile, which its plugin leaves on the check: what each source weighs in the bundle.
  let sources: Part[] | null = null;
  const readMetafile = {
    name: 'perfgate: esbuild metafile',
    step50(_config: unknown, done: { esbuildMetafile?: EsbuildMetafile; esbuildOutfile?: string }) {
      if (done.esbuildMetafile) sources = esbuildSources(done.esbuildMetafile, process.cwd(), bundle.baseDir, done.esbuildOutfile ?? null);
    },
  };
  // webpack keeps no account of its bundle: a source map, written beside the bundle (in size-limit's
  // temporary folder) without the comment that would add to its size, tells each source's share. A
  // project's own webpack config writes where it says, so it is left as it is: its own source maps, if
  // it makes them, tell the sources.
  // (A check's modifyWebpackConfig that asks for source maps of its own keeps its devtool: a map's comment counts in the size.)
  // Once read, a map perfgate asked for is removed, so --save-bundle keeps what size-limit keeps.
  let ownMaps = false;
  const webpackMaps = {
    name: 'perfgate: webpack source maps',
    step30(_config: unknown, done: { webpackConfig?: Record<string, unknown>; config?: string }) {
      if (done.webpackConfig && !done.config && !done.webpackConfig.devtool) {
        done.webpackConfig.devtool = 'hidden-source-map';
        ownMaps = true;
      }
    },
    async step50(_config: unknown, done: { bundles?: string[]; webpackOutput?: string }) {
      if (!done.bundles) return;
      const mapped = await bundleSources(done.bundles);
      sources = mapped && done.webpackOutput ? webpackSources(mapped, done.webpackOutput, bundle.baseDir) : mapped;
      if (ownMaps) await Promise.all(done.bundles.filter((file) => !file.endsWith('.map')).map((file) => rm(`${file}.map`, { force: true })));
    },
  };
  let sized: SizeLimitResult;
  try {
    sized = await runSizeLimit(
      [...plugins, [options.bundler === 'webpack' ? webpackMaps : readMetafile]],
      { ...check },
      path.join(bundle.baseDir, 'package.json'),
      saveBundle,
    );
  } catch (error) {
    throw new UserError(`${where}: size-limit's ${options.bundler} plugin could not bundle it: ${(error as Error).message}`);
  }
  const names = files.map((f) => path.join(bundle.namePrefix ?? '', path.relative(bundle.baseDir, f)));
  const imported = Object.entries(options.import ?? {}).map(([from, what]) => `${what} from ${from}`);
  const what = imported.length > 0 ? `import ${imported.join(', ')}` : options.entry ? `${options.entry.join(', ')} of ${options.config}` : names.join(', ');
  return {
    name: bundle.name,
    files: names,
    fileBytes: [],
    bytes: sized.size ?? 0,
    sources,
    ...(await measureTime(bundle, plugins, check, path.join(bundle.baseDir, 'package.json'))),
    bundled: `bundled with ${options.bundler}: ${what}`,
  };
}

/** size-limit's loading and running time of a bundle's files (or its bundle), when a time budget asks; why not, when it could not. */
async function measureTime(
  bundle: BundleBudget,
  plugins: Plugins,
  check: Record<string, unknown>,
  configPath?: string,
): Promise<Pick<BundleMeasure, 'time' | 'timeError'>> {
  let time: BundleMeasure['time'] = null;
  let timeError: string | null = null;
  if (bundle.time) {
    try {
      await calibrateSizeLimitTime();
      const network = bundle.network && { networkSpeed: bundle.network.bytesPerSecond ?? undefined, latency: bundle.network.latencyMs / 1000 };
      const timed = await runSizeLimit([...plugins, timePlugin], { ...check, running: bundle.running, ...(network ? { time: network } : {}) }, configPath);
      const loadMs = (timed.loadTime ?? 0) * 1000;
      const runMs = (timed.runTime ?? 0) * 1000;
      time = { loadMs, runMs, totalMs: loadMs + runMs };
    } catch (error) {
      timeError = `size-limit could not measure the running time: ${(error as Error).message}`;
    }
  }
  return { time, timeError };
}

/**
 * Measures bundles one after another (so running times never share the CPU). With `saveBundle`, each
 * bundled check's bundle is kept in a folder of its own there, named after it (as `bundleFolders` names them).
 */
export async function measureBundles(bundles: readonly BundleBudget[], configFile: string, saveBundle?: string): Promise<BundleMeasure[]> {
  const folders = bundleFolders(bundles);
  const out: BundleMeasure[] = [];
  for (const [index, bundle] of bundles.entries()) {
    const folder = saveBundle && folders[index] ? path.join(saveBundle, folders[index]) : undefined;
    out.push(await measureBundle(bundle, index, configFile, folder));
  }
  return out;
}

/** The folder each bundled check's bundle is kept in under --save-bundle (file-name-safe, unique); null for a bundle of built files, which has none. */
export function bundleFolders(bundles: readonly BundleBudget[]): Array<string | null> {
  const names = slugs(
    bundles.map((b) => b.name),
    'bundle',
  );
  return bundles.map((b, i) => (b.bundler ? (names[i] as string) : null));
}

/** The most files a bundle's message names (a build can have hundreds of chunks); `parts` holds them all. */
const MOST_FILES_NAMED = 10;

/** "2 files: a.js, b.js", "300 files: a.js, ... (and 290 more)". */
function filesMessage(files: readonly string[]): string {
  const named = files.slice(0, MOST_FILES_NAMED).join(', ');
  const more = files.length - MOST_FILES_NAMED;
  return `${plural(files.length, 'file')}: ${named}${more > 0 ? ` (and ${more} more)` : ''}`;
}

/** The network of a loading time, in words: size-limit's `loadingMessage`, else its speed and latency, else slow 3G. */
function networkWords(network: BundleNetwork | undefined): string {
  if (network?.message) return network.message;
  if (!network || (network.bytesPerSecond === null && network.latencyMs === 0)) return 'on slow 3G';
  const latency = network.latencyMs > 0 ? ` with ${Math.round(network.latencyMs)} ms latency` : '';
  return network.bytesPerSecond === null ? `on slow 3G${latency}` : `at ${formatValue(network.bytesPerSecond, 'bytes')}/s${latency}`;
}

/** Judges measured bundles against their budgets: one size verdict and, with time limits, one time verdict each. */
export function assertBundles(budgets: readonly BundleBudget[], measures: readonly BundleMeasure[]): Verdict[] {
  return budgets.flatMap((budget): Verdict[] => {
    const measure = measures.find((m) => m.name === budget.name);
    const out: Verdict[] = [];
    const sizeActual = measure?.bytes ?? null;
    // A check without any limit (size-limit's without `limit`) still has its size reported, as size-limit reports it.
    if (budget.size.warn !== null || budget.size.error !== null || budget.time === null) {
      out.push({
        page: budget.name,
        kind: 'bundle',
        id: 'bundle:size',
        label: `Size (${budget.compression})`,
        unit: 'bytes',
        operator: '<=',
        warn: budget.size.warn,
        error: budget.size.error,
        actual: sizeActual,
        values: sizeActual === null ? [] : [sizeActual],
        status: judge(sizeActual, budget.size, '<='),
        message: measure ? (measure.bundled ?? filesMessage(measure.files)) : 'not measured',
        ...(measure && !measure.bundled ? { parts: measure.files.map((name, i) => ({ name, value: measure.fileBytes[i] ?? 0 })) } : {}),
        ...(measure?.sources ? { sources: measure.sources } : {}),
      });
    }
    if (budget.time) {
      const total = measure?.time?.totalMs ?? null;
      out.push({
        page: budget.name,
        kind: 'bundle',
        id: 'bundle:time',
        label: 'Time (load + run)',
        unit: 'ms',
        operator: '<=',
        warn: budget.time.warn,
        error: budget.time.error,
        actual: total,
        values: total === null ? [] : [total],
        status: judge(total, budget.time, '<='),
        message: measure?.time
          ? `loading ${Math.round(measure.time.loadMs)} ms ${networkWords(budget.network)}${budget.running ? ` + running ${Math.round(measure.time.runMs)} ms` : ''}`
          : (measure?.timeError ?? 'not measured'),
      });
    }
    return budget.message ? out.map((v) => ({ ...v, note: budget.message })) : out;
  });
}
