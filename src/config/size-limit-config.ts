import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { configError, type ConfigProblem, UserError } from '../errors.js';
import type { BundleBudget, Compression } from './model.js';
import { BUNDLER_OPTIONS, bundlerCheck, type PackageFacts } from './bundler-check.js';
import { mainFile, packageFacts } from './package-facts.js';
import { readJson } from './read-json.js';
import { resolveProjectPackage } from '../project-package.js';
import { sizeLimitNetwork } from './size-limit-network.js';
import { parseDuration, parseSize } from './units.js';

/** size-limit's JSON config files, in the order size-limit searches a folder (package.json first, when it has the key). */
const JSON_FILES = ['.size-limit.json', '.size-limit'];
/** size-limit's config files that are code, in its order: JavaScript, then TypeScript (loaded with jiti, as size-limit loads it). */
const CODE_FILES = ['.size-limit.js', '.size-limit.mjs', '.size-limit.cjs', '.size-limit.ts', '.size-limit.mts', '.size-limit.cts'];
const JAVASCRIPT = /\.(c|m)?js$/;

/**
 * The checks a JavaScript size-limit config exports (module.exports or export default), imported as
 * size-limit imports it; a UserError naming it when it does not load. Read afresh once it changed
 * (perfgate size --watch): CommonJS leaves Node's cache, an ES module is imported by a new URL.
 */
async function loadCode(file: string): Promise<unknown> {
  try {
    delete createRequire(import.meta.url).cache[file];
    const loaded = (await import(`${pathToFileURL(file).href}?changed=${statSync(file).mtimeMs}`)) as { default?: unknown };
    return loaded.default ?? loaded;
  } catch (error) {
    throw new UserError(`${file}: the size-limit config could not be loaded (${(error as Error)?.message ?? String(error)}).`);
  }
}

/** What each size-limit option means here: taken, ignored (with the reason), or refused (with the fix); the bundlers' are in BUNDLER_OPTIONS. */
type OptionRule = { take: true } | { ignore: string } | { refuse: string };
const OPTIONS: Record<string, OptionRule> = {
  name: { take: true },
  path: { take: true },
  limit: { take: true },
  gzip: { take: true },
  brotli: { take: true },
  running: { take: true },
  message: { take: true },
  hidePassed: {
    ignore: 'size-limit reads it from its command line only; perfgate size --hide-passed hides passing bundles, and the review shows them collapsed',
  },
  highlightLess: { ignore: 'size-limit refuses it in a config (it is its --highlight-less); perfgate size --highlight-less says it of every passing bundle' },
  disablePlugins: { ignore: 'perfgate measures built files with @size-limit/file (and @size-limit/time for time limits)' },
  uiReports: { ignore: "perfgate does not make size-limit --why's reports" },
  module: { refuse: 'measure the files your build writes ("path"), or keep size-limit for this check' },
  compareWith: { refuse: "give perfgate the base branch's results with --base to see each bundle's change" },
  time: { take: true },
};

/** A size-limit config: its file (as messages name it), its folder (its paths are relative to it) and its list of checks. */
export interface SizeLimitConfig {
  file: string;
  dir: string;
  checks: unknown;
}

/** What size-limit's command line says about its checks: the config to read (`--config`), files to measure instead of any config, a limit for every check (`--limit`). */
export interface SizeLimitFlags {
  config?: string;
  files?: readonly string[];
  limit?: string;
}

/** What messages call the check that `perfgate size FILE...` makes of its files, as a file beside them (its folder is theirs). */
const COMMAND_LINE_CHECK = '(the files given to perfgate size)';

const TYPESCRIPT = /\.(c|m)?ts$/;

/**
 * The checks of a size-limit config in TypeScript, loaded as size-limit loads it: with jiti, the
 * project's (size-limit needs it for such a config), else perfgate's; null when neither is installed.
 */
async function loadTypeScript(file: string): Promise<unknown | null> {
  const jiti = resolveProjectPackage('jiti', path.dirname(file));
  if (jiti === null) return null;
  type Jiti = { import: (id: string, options: { default: true }) => Promise<unknown> };
  type JitiModule = { createJiti?: (from: string, options: object) => Jiti; default?: JitiModule };
  try {
    const loaded = (await import(pathToFileURL(jiti).href)) as JitiModule;
    const createJiti = loaded.createJiti ?? loaded.default?.createJiti;
    if (!createJiti) throw new Error(`${jiti} has no createJiti: install jiti 2, as size-limit asks`);
    // Without jiti's module cache, a config edited under perfgate size --watch is read afresh.
    return await createJiti(file, { interopDefault: false, moduleCache: false }).import(file, { default: true });
  } catch (error) {
    throw new UserError(`${file}: the size-limit config could not be loaded (${(error as Error)?.message ?? String(error)}).`);
  }
}

/** A config file's checks, read as size-limit reads its kind: JSON, JavaScript, or TypeScript (null without jiti). */
async function readConfig(file: string): Promise<{ checks: unknown } | null> {
  if (JAVASCRIPT.test(file)) return { checks: await loadCode(file) };
  if (TYPESCRIPT.test(file)) {
    const checks = await loadTypeScript(file);
    return checks === null ? null : { checks };
  }
  return { checks: readJson(file, 'size-limit config') };
}

/**
 * Finds size-limit's config in a folder as size-limit does: the "size-limit" key of package.json,
 * then `.size-limit.json` or `.size-limit`, then `.size-limit.js`, `.mjs` or `.cjs`, then `.size-limit.ts`,
 * `.mts` or `.cts` (loaded as size-limit loads them, TypeScript with jiti). Or the file `explicit` names
 * (size-limit's `--config`), whose folder its paths are relative to. A TypeScript config without jiti
 * installed is returned as `needsJiti`.
 */
export async function findSizeLimitConfig(dir: string, explicit?: string): Promise<SizeLimitConfig | { needsJiti: string } | null> {
  if (explicit !== undefined) {
    const file = path.resolve(dir, explicit);
    if (!existsSync(file))
      throw new UserError(`${file}: not found (--config names size-limit's config). Give the path of .size-limit.json, .size-limit.js or package.json.`);
    if (path.basename(file) === 'package.json') {
      const data = readJson(file, 'package.json') as Record<string, unknown> | null;
      if (!data || typeof data !== 'object' || !('size-limit' in data))
        throw new UserError(
          `${file}: has no "size-limit" key (--config names size-limit's config). Add "size-limit": [{ "path": "dist/index.js", "limit": "10 kB" }].`,
        );
      return { file: `${file} ("size-limit")`, dir: path.dirname(file), checks: data['size-limit'] };
    }
    const read = await readConfig(file);
    return read ? { file, dir: path.dirname(file), ...read } : { needsJiti: file };
  }
  const pkg = path.join(dir, 'package.json');
  if (existsSync(pkg)) {
    const data = readJson(pkg, 'package.json') as Record<string, unknown> | null;
    if (data && typeof data === 'object' && 'size-limit' in data) return { file: `${pkg} ("size-limit")`, dir, checks: data['size-limit'] };
  }
  const file = [...JSON_FILES, ...CODE_FILES].map((name) => path.join(dir, name)).find((candidate) => existsSync(candidate));
  if (!file) return null;
  const read = await readConfig(file);
  return read ? { file, dir, ...read } : { needsJiti: file };
}

/**
 * The bundle budgets of the folder's size-limit config (or of the file `flags.config` names, or one
 * check of `flags.files` and no config, as size-limit's command line says; `flags.limit` for every
 * check's limit), or null when there is none. Exit 2 naming every problem, or jiti, which a
 * TypeScript config needs.
 */
export async function loadSizeLimitBundles(
  dir: string,
  warnings: string[],
  flags: SizeLimitFlags = {},
): Promise<{ file: string; bundles: BundleBudget[] } | null> {
  if (flags.files?.length && flags.config !== undefined)
    throw new UserError(`--config ${flags.config} and the files ${flags.files.join(', ')}: give one (size-limit measures the files and reads no config).`);
  // As size-limit: files on the command line are one check of their own, and no config is read.
  const found = flags.files?.length
    ? { file: path.join(dir, COMMAND_LINE_CHECK), dir, checks: [{ path: [...flags.files] }] }
    : await findSizeLimitConfig(dir, flags.config);
  if (!found) return null;
  if (flags.limit !== undefined && parseDuration(flags.limit) === null && parseSize(flags.limit) === null)
    throw new UserError(`--limit ${JSON.stringify(flags.limit)}: not a size or a time. Write a size like --limit "10 kB" or a time like --limit "500 ms".`);
  if ('needsJiti' in found)
    throw new UserError(
      `${found.needsJiti} is a size-limit config in TypeScript, which size-limit and perfgate load with jiti, not installed here. Install it: npm install --save-dev jiti`,
    );
  const problems: ConfigProblem[] = [];
  const notes: string[] = [];
  const pkg = packageFacts(found.dir);
  const bundles = fromSizeLimit(found.checks, found.dir, problems, notes, pkg, flags.limit);
  if (pkg.bothBundlers)
    notes.push(
      "package.json lists both size-limit's esbuild and webpack plugins: size-limit runs both on every check, and each takes its own empty bundle off the size (which can fall below 0); perfgate bundles with esbuild. List one of them.",
    );
  if (problems.length > 0) throw configError(found.file, problems);
  warnings.push(...notes.map((note) => `${found.file}: ${note}`));
  return { file: found.file, bundles };
}

/** size-limit's compression: Brotli unless `gzip: true` (then gzip) or `brotli: false` (then none). */
const compressionOf = (check: Record<string, unknown>): Compression => (check.gzip === true ? 'gzip' : check.brotli === false ? 'none' : 'brotli');

/**
 * Converts size-limit's checks (`[{ "name", "path", "limit", "gzip", "brotli", "running" }]`) into
 * bundle budgets, measured the same way: `limit` is one level (the error level), a size, or a time
 * when it is written in ms or s (`limitFlag`, size-limit's --limit, replaces every check's); paths are
 * relative to the config's folder. A check without a limit is measured and reported, its size
 * without a limit, as size-limit reports it. A check that size-limit bundles
 * (its options `import`, `ignore`, ..., or a bundler plugin in package.json) is bundled with the same
 * plugin before it is measured (see bundlerCheck).
 */
export function fromSizeLimit(
  checks: unknown,
  baseDir: string,
  problems: ConfigProblem[],
  warnings: string[],
  pkg: PackageFacts = { main: null, peers: [], bundler: null },
  limitFlag?: string,
): BundleBudget[] {
  if (!Array.isArray(checks) || checks.length === 0) {
    problems.push({ where: '(root)', what: 'is not a list of checks', fix: 'write [{ "path": "dist/*.js", "limit": "10 kB" }]' });
    return [];
  }
  const names = new Set<string>();
  return checks.flatMap((entry, i): BundleBudget[] => {
    const where = `[${i}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      problems.push({ where, what: 'is not an object', fix: 'write { "path": "dist/*.js", "limit": "10 kB" }' });
      return [];
    }
    const check = entry as Record<string, unknown>;
    for (const key of Object.keys(check)) {
      if (BUNDLER_OPTIONS[key]) continue;
      const rule = OPTIONS[key];
      if (!rule)
        problems.push({
          where: `${where}.${key}`,
          what: `unknown size-limit option "${key}"`,
          fix: `size-limit's options here: ${[...Object.keys(OPTIONS), ...Object.keys(BUNDLER_OPTIONS)].join(', ')}`,
        });
      else if ('refuse' in rule) problems.push({ where: `${where}.${key}`, what: `"${key}" needs a bundler plugin of size-limit`, fix: rule.refuse });
      else if ('ignore' in rule) warnings.push(`${where}.${key} is ignored: ${rule.ignore}.`);
    }
    // Without a path, size-limit measures the package's main file (index.js when it has none).
    // (A webpack check of entry points takes its files from its config instead.)
    const patterns = check.path === undefined ? (check.entry === undefined ? [mainFile(pkg)] : []) : typeof check.path === 'string' ? [check.path] : check.path;
    if (!Array.isArray(patterns) || (patterns.length === 0 && check.path !== undefined) || !patterns.every((p) => typeof p === 'string')) {
      problems.push({
        where: `${where}.path`,
        what: 'is not a file, a glob or a list of them',
        fix: 'write "path": "dist/index.js"',
      });
      return [];
    }
    const bundler = bundlerCheck(check, (patterns[0] as string | undefined) ?? null, where, pkg, problems);
    // Entry points without a path measure nothing unless webpack bundles them.
    if (patterns.length === 0 && !bundler) problems.push({ where: `${where}.path`, what: 'is missing', fix: 'write "path": "dist/index.js"' });
    // Unnamed, size-limit names a check by its entry points, else its files.
    const name = typeof check.name === 'string' ? check.name : (bundler?.entry ?? patterns).join(', ');
    if (names.has(name)) problems.push({ where: `${where}.name`, what: `"${name}" names two checks`, fix: 'give every check a unique "name"' });
    names.add(name);
    const written = limitFlag ?? check.limit;
    const limit = typeof written === 'string' || typeof written === 'number' ? written : '';
    const time = written !== undefined && typeof limit === 'string' ? parseDuration(limit) : null;
    const size = written !== undefined && time === null ? parseSize(limit) : null;
    if (written !== undefined && time === null && size === null) {
      problems.push({
        where: `${where}.limit`,
        what: `${JSON.stringify(check.limit)} does not parse`,
        fix: 'write a size like "10 kB" or a time like "500 ms"',
      });
      return [];
    }
    if (check.message !== undefined && typeof check.message !== 'string')
      problems.push({ where: `${where}.message`, what: 'is not text', fix: 'write "message": "Ask #frontend before raising this limit"' });
    const message = typeof check.message === 'string' && check.message.trim() !== '' ? check.message.trim() : null;
    const network = check.time === undefined ? null : sizeLimitNetwork(check.time, `${where}.time`, problems);
    if (network && time === null)
      warnings.push(`${where}.time is ignored: the check's limit ${written === undefined ? 'is missing' : 'is a size'}, so no time is measured.`);
    // size-limit says how far below its limit a passing check is when its limit is written in bytes ("500 B"), unasked.
    const highlightLess = typeof written === 'string' && /\sB$|\dB$/.test(written);
    return [
      {
        name,
        patterns: patterns as string[],
        baseDir,
        compression: compressionOf(check),
        size: { warn: null, error: size },
        time: time === null ? null : { warn: null, error: time },
        running: check.running !== false,
        at: where,
        ...(bundler ? { bundler } : {}),
        ...(network && time !== null ? { network } : {}),
        ...(message ? { message } : {}),
        ...(highlightLess && written !== undefined ? { highlightLess: true } : {}),
      },
    ];
  });
}
