import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { EsbuildCheck } from './config/model.js';
import { UserError } from './errors.js';

/** A size-limit plugin: objects whose steps size-limit calls in turn. */
export type SizeLimitPlugin = Record<string, unknown>;

const PLUGIN = '@size-limit/esbuild';

/**
 * size-limit's esbuild plugin, as the project has it (beside its size-limit config, where
 * `@size-limit/preset-small-lib` puts it), else perfgate's own. Missing, a user error says what to
 * install; `where` names the check that needs it.
 */
export async function loadEsbuildPlugin(projectDir: string, where: string): Promise<SizeLimitPlugin[]> {
  for (const from of [path.join(projectDir, 'package.json'), import.meta.url]) {
    let resolved: string;
    try {
      resolved = createRequire(from).resolve(PLUGIN);
    } catch {
      continue;
    }
    return ((await import(pathToFileURL(resolved).href)) as { default: SizeLimitPlugin[] }).default;
  }
  throw new UserError(
    `${where} is bundled before it is measured (import, ignore, config or modifyEsbuildConfig), which needs size-limit's esbuild plugin. Install it: npm install --save-dev ${PLUGIN} (size-limit's preset-small-lib has it)`,
  );
}

/**
 * A size-limit check of the esbuild plugin's options, as size-limit's CLI hands them to it: what is
 * imported, keyed by absolute file (or a package's resolved entry, for a peer dependency imported by
 * name), the packages left out, the config file, absolute; modifyEsbuildConfig as it is.
 */
export function esbuildOptions(options: EsbuildCheck, baseDir: string): Record<string, unknown> {
  const resolveFrom = createRequire(path.join(baseDir, 'package.json'));
  // A file of the project first (as size-limit takes every key but a peer dependency's), then a package.
  const importFrom = (key: string): string => {
    for (const request of [path.resolve(baseDir, key), key]) {
      try {
        return resolveFrom.resolve(request);
      } catch {}
    }
    return path.resolve(baseDir, key);
  };
  return {
    ...(options.import ? { import: Object.fromEntries(Object.entries(options.import).map(([key, what]) => [importFrom(key), what])) } : {}),
    ...(options.ignore.length > 0 ? { ignore: options.ignore } : {}),
    ...(options.config ? { config: path.resolve(baseDir, options.config) } : {}),
    ...(options.modify ? { modifyEsbuildConfig: options.modify } : {}),
  };
}
