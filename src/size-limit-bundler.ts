import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Bundler, BundlerCheck } from './config/model.js';
import { UserError } from './errors.js';
import { resolveProjectPackage } from './project-package.js';

/** A size-limit plugin: objects whose steps size-limit calls in turn. */
export type SizeLimitPlugin = Record<string, unknown>;

/** Each bundler's size-limit plugin, and the preset a project may have it from. */
const PLUGINS: Record<Bundler, { name: string; preset: string; options: string }> = {
  esbuild: { name: '@size-limit/esbuild', preset: 'preset-small-lib', options: 'import, ignore, config or modifyEsbuildConfig' },
  webpack: {
    name: '@size-limit/webpack',
    preset: 'preset-big-lib',
    options: 'import, ignore, config, entry, modifyWebpackConfig or disableModuleConcatenation',
  },
};

/**
 * size-limit's plugin of a bundler, as the project has it (beside its size-limit config, where
 * size-limit's preset puts it), else perfgate's own (an optional peer dependency). Missing, a user
 * error says what to install; `where` names the check that needs it.
 */
export async function loadBundlerPlugin(bundler: Bundler, projectDir: string, where: string): Promise<SizeLimitPlugin[]> {
  const plugin = PLUGINS[bundler];
  const resolved = resolveProjectPackage(plugin.name, projectDir);
  if (resolved === null)
    throw new UserError(
      `${where} is bundled with ${bundler} before it is measured (${plugin.options}, or the plugin listed in package.json), which needs size-limit's ${bundler} plugin. Install it: npm install --save-dev ${plugin.name} (size-limit's ${plugin.preset} has it)`,
    );
  let loaded: unknown;
  try {
    loaded = ((await import(pathToFileURL(resolved).href)) as { default?: unknown }).default;
  } catch (error) {
    throw new UserError(
      `${where} is bundled with size-limit's ${bundler} plugin, which did not load from ${resolved} (${(error as Error)?.message ?? String(error)}). Reinstall it and what it needs: npm install --save-dev ${plugin.name}`,
    );
  }
  if (!Array.isArray(loaded))
    throw new UserError(
      `${where} is bundled with size-limit's ${bundler} plugin, but ${resolved} is not one (it exports no list of plugins). Reinstall it: npm install --save-dev ${plugin.name}`,
    );
  return loaded as SizeLimitPlugin[];
}

/**
 * The bundler's options of a size-limit check, as size-limit's CLI hands them to its plugin: what is
 * imported, keyed by absolute file (or a package's resolved entry, for a peer dependency imported by
 * name), the packages left out, the config file, absolute; the config hook as it is (webpack's, after
 * its context is set to the config's folder).
 */
export function bundlerOptions(options: BundlerCheck, baseDir: string): Record<string, unknown> {
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
  // webpack names modules by their path from its context, the working folder unless set: the config's
  // folder, where size-limit runs, so that a bundle's bytes do not depend on where perfgate was started.
  const inFolder = (config: unknown) => ({ context: baseDir, ...(config as object) });
  const modify = options.bundler === 'esbuild' ? options.modify : (config: unknown) => (options.modify ?? ((c) => c))(inFolder(config));
  return {
    ...(options.import ? { import: Object.fromEntries(Object.entries(options.import).map(([key, what]) => [importFrom(key), what])) } : {}),
    ...(options.ignore.length > 0 ? { ignore: options.ignore } : {}),
    ...(options.config ? { config: path.resolve(baseDir, options.config) } : {}),
    ...(modify ? { [options.bundler === 'esbuild' ? 'modifyEsbuildConfig' : 'modifyWebpackConfig']: modify } : {}),
    ...(options.entry ? { entry: options.entry } : {}),
    ...(options.disableModuleConcatenation ? { disableModuleConcatenation: true } : {}),
  };
}
