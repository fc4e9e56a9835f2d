import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { BUNDLER_PACKAGES, type PackageFacts } from './bundler-check.js';
import { readJson } from './read-json.js';

/** The file size-limit measures for a check without `path`: package.json's main, else index.js. */
export const mainFile = (pkg: Pick<PackageFacts, 'main'>): string => pkg.main ?? 'index.js';

/**
 * What size-limit reads of the folder's package.json: its main file, resolved as Node resolves it
 * (`"main": "lib"` is lib/index.js), relative to the folder; its peer dependencies' names.
 */
export function packageFacts(dir: string): PackageFacts {
  const file = path.join(dir, 'package.json');
  const data = existsSync(file) ? (readJson(file, 'package.json') as Record<string, unknown> | null) : null;
  const peers = data?.peerDependencies;
  let main = typeof data?.main === 'string' ? data.main : null;
  if (main !== null) {
    try {
      main = path.relative(dir, createRequire(file).resolve(path.resolve(dir, main)));
    } catch {
      // Not there (yet): the check's glob then names it as written, and says it matches no file.
    }
  }
  const listed = ['dependencies', 'devDependencies', 'optionalDependencies'].flatMap((key) => {
    const deps = data?.[key];
    return typeof deps === 'object' && deps !== null ? Object.keys(deps) : [];
  });
  const bundlers = listed.map((name) => BUNDLER_PACKAGES[name]).filter((b) => b !== undefined);
  return {
    main,
    peers: typeof peers === 'object' && peers !== null ? Object.keys(peers) : [],
    bundler: bundlers.includes('esbuild') ? 'esbuild' : (bundlers[0] ?? null),
    ...(bundlers.includes('esbuild') && bundlers.includes('webpack') ? { bothBundlers: true } : {}),
  };
}
