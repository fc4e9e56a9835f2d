import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserError } from '../errors.js';
import { checkLighthouse, LIGHTHOUSE_INTERNALS, testedRange } from './lighthouse-versions.js';

/** An installed Lighthouse package: where it is, its version, and its modules the runner calls. */
export interface LighthousePackage {
  dir: string;
  version: string;
  /** Each of `LIGHTHOUSE_INTERNALS`'s modules, loaded. */
  modules: Record<string, Record<string, unknown>>;
  /** Why it is not a tested version for this Node, when `unchecked` let it through; else null. */
  unchecked: string | null;
}

export interface FindLighthouseOptions {
  /** The package's folder; default `PERFGATE_LIGHTHOUSE`, else the `lighthouse` installed beside perfgate. */
  dir?: string;
  /** Measure with an untested version (or on a Node older than it needs) instead of refusing. */
  unchecked?: boolean;
  nodeVersion?: string;
}

/** The folder of the `lighthouse` package perfgate resolves (its peer dependency), or null when none is installed. */
function installedDir(): string | null {
  try {
    return path.dirname(createRequire(import.meta.url).resolve('lighthouse/package.json'));
  } catch {
    return null;
  }
}

/**
 * Finds the Lighthouse to measure with and loads the internals the runner calls, after checking its
 * version against the tested ones and the running Node. Refuses (exit 2, with the fix) a missing
 * package, an untested version unless `unchecked`, and a version lacking an internal it needs.
 */
export async function loadLighthousePackage(options: FindLighthouseOptions = {}): Promise<LighthousePackage> {
  const override = options.dir ?? process.env.PERFGATE_LIGHTHOUSE;
  const dir = override ? path.resolve(override) : installedDir();
  if (!dir) {
    throw new UserError(
      `Lighthouse is not installed: perfgate's lab runs need it beside perfgate (a peer dependency, tested with ${testedRange()}).\n  fix: npm install --save-dev lighthouse@12.6.1 (Node 20), or lighthouse@13.5 (Node 22.19+)`,
    );
  }
  let version: string;
  try {
    const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
    if (manifest.name !== 'lighthouse' || typeof manifest.version !== 'string') throw new Error('not the lighthouse package');
    version = manifest.version;
  } catch (error) {
    throw new UserError(
      `${override ? 'PERFGATE_LIGHTHOUSE' : 'lighthouse'}: ${dir} is not a Lighthouse package (${(error as Error).message}).\n  fix: point PERFGATE_LIGHTHOUSE at the folder of an installed lighthouse (…/node_modules/lighthouse), or unset it`,
    );
  }
  const nodeVersion = options.nodeVersion ?? process.version;
  const problem = checkLighthouse(version, nodeVersion);
  if (problem && !options.unchecked) throw new UserError(`${problem.what}\n  fix: ${problem.fix}\n  (Lighthouse found at ${dir})`);

  const modules: Record<string, Record<string, unknown>> = {};
  for (const [file, names] of Object.entries(LIGHTHOUSE_INTERNALS)) {
    let loaded: Record<string, unknown>;
    try {
      loaded = (await import(pathToFileURL(path.join(dir, file)).href)) as Record<string, unknown>;
    } catch (error) {
      throw new UserError(
        `Lighthouse ${version} (${dir}) could not load ${file}, which perfgate's runner uses: ${(error as Error).message}\n  fix: install a tested version (${testedRange()})`,
      );
    }
    const missing = names.filter((name) => loaded[name] === undefined);
    if (missing.length > 0) {
      throw new UserError(
        `Lighthouse ${version} (${dir}) has no ${missing.map((n) => `"${n}"`).join(', ')} in ${file}, which perfgate's runner uses: this version changed what perfgate drives.\n  fix: install a tested version (${testedRange()})`,
      );
    }
    modules[file] = loaded;
  }
  return { dir, version, modules, unchecked: problem ? `${problem.what} Measuring anyway (--lighthouse-unchecked).` : null };
}
