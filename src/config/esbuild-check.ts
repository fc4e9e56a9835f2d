import type { ConfigProblem } from '../errors.js';
import type { EsbuildCheck } from './model.js';

/** The options of a size-limit check that its esbuild plugin reads: a check with any of them is bundled before it is measured. */
export const ESBUILD_OPTIONS = ['import', 'ignore', 'config', 'modifyEsbuildConfig'] as const;

/** What perfgate needs of the package.json beside size-limit's config. */
export interface PackageFacts {
  /** Its `main`, size-limit's file for a check without `path`. */
  main: string | null;
  /** Its peerDependencies' names, which size-limit leaves out of every bundle. */
  peers: string[];
  /** The bundler plugin of size-limit it lists (a preset's included), which size-limit runs on every check. */
  bundler: 'esbuild' | 'webpack' | null;
}

/** size-limit's packages that bring a bundler plugin, which size-limit loads from the package's dependencies. */
export const BUNDLER_PACKAGES: Record<string, 'esbuild' | 'webpack'> = {
  '@size-limit/esbuild': 'esbuild',
  '@size-limit/preset-small-lib': 'esbuild',
  '@size-limit/webpack': 'webpack',
  '@size-limit/preset-big-lib': 'webpack',
};

const isStrings = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string');

/**
 * The esbuild options of a size-limit check, validated, as size-limit's CLI normalizes them: an
 * `import` string imports from the check's first file; the package's peer dependencies are left out
 * of the bundle unless imported. A check is bundled when it has any of them, or when the package lists
 * size-limit's esbuild plugin (size-limit then bundles every check); else null: its files are measured
 * as they are.
 */
export function esbuildCheck(
  check: Record<string, unknown>,
  firstFile: string,
  where: string,
  pkg: PackageFacts,
  problems: ConfigProblem[],
): EsbuildCheck | null {
  if (pkg.bundler !== 'esbuild' && !ESBUILD_OPTIONS.some((key) => check[key] !== undefined)) return null;
  let imports: Record<string, string> | null = null;
  if (typeof check.import === 'string') imports = { [firstFile]: check.import };
  else if (check.import !== undefined) {
    const entries = typeof check.import === 'object' && check.import !== null && !Array.isArray(check.import) ? Object.entries(check.import) : null;
    if (entries && entries.length > 0 && entries.every(([, v]) => typeof v === 'string')) imports = Object.fromEntries(entries) as Record<string, string>;
    else
      problems.push({
        where: `${where}.import`,
        what: `${JSON.stringify(check.import)} is not what to import`,
        fix: 'write "import": "{ createStore }" (from the check\'s file), or { "dist/index.js": "{ a, b }" }',
      });
  }
  if (check.ignore !== undefined && !isStrings(check.ignore))
    problems.push({ where: `${where}.ignore`, what: 'is not a list of package names', fix: 'write "ignore": ["react"]' });
  if (check.config !== undefined && typeof check.config !== 'string')
    problems.push({ where: `${where}.config`, what: 'is not a file', fix: 'write "config": "esbuild.config.js"' });
  if (check.modifyEsbuildConfig !== undefined && typeof check.modifyEsbuildConfig !== 'function')
    problems.push({
      where: `${where}.modifyEsbuildConfig`,
      what: 'is not a function',
      fix: 'write it in .size-limit.js: modifyEsbuildConfig(config) { return config }',
    });
  const imported = Object.keys(imports ?? {});
  return {
    import: imports,
    ignore: [...pkg.peers.filter((peer) => !imported.includes(peer)), ...(isStrings(check.ignore) ? check.ignore : [])],
    config: typeof check.config === 'string' ? check.config : null,
    modify: typeof check.modifyEsbuildConfig === 'function' ? (check.modifyEsbuildConfig as (config: unknown) => unknown) : null,
  };
}
