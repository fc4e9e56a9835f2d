import type { ConfigProblem } from '../errors.js';
import type { Bundler, BundlerCheck } from './model.js';

/** The options of size-limit's bundler plugins, and the plugins that read each: a check with any of them is bundled before it is measured. */
export const BUNDLER_OPTIONS: Record<string, readonly Bundler[]> = {
  import: ['esbuild', 'webpack'],
  ignore: ['esbuild', 'webpack'],
  config: ['esbuild', 'webpack'],
  modifyEsbuildConfig: ['esbuild'],
  modifyWebpackConfig: ['webpack'],
  entry: ['webpack'],
  disableModuleConcatenation: ['webpack'],
  webpack: ['webpack'],
};

/** size-limit's packages that bring a bundler plugin, which size-limit loads from the package's dependencies. */
export const BUNDLER_PACKAGES: Record<string, Bundler> = {
  '@size-limit/esbuild': 'esbuild',
  '@size-limit/preset-small-lib': 'esbuild',
  '@size-limit/webpack': 'webpack',
  '@size-limit/preset-big-lib': 'webpack',
};

/** What perfgate needs of the package.json beside size-limit's config. */
export interface PackageFacts {
  /** Its `main`, size-limit's file for a check without `path`. */
  main: string | null;
  /** Its peerDependencies' names, which size-limit leaves out of every bundle. */
  peers: string[];
  /** The bundler plugin of size-limit it lists (a preset's included), which size-limit runs on every check. */
  bundler: Bundler | null;
  /** The bundler was chosen by a budgets.json bundle's "bundler", not by a plugin package.json lists. */
  bundlerKey?: boolean;
  /** package.json lists both bundlers' plugins (size-limit then runs both on every check). */
  bothBundlers?: boolean;
}

const isStrings = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string');

/** How each option is checked: null when it is well formed, else what is wrong and what to write. */
const SHAPES: Record<string, (value: unknown) => null | { what: string; fix: string }> = {
  import: (v) =>
    typeof v === 'string' ||
    (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length > 0 && Object.values(v).every((x) => typeof x === 'string'))
      ? null
      : {
          what: `${JSON.stringify(v)} is not what to import`,
          fix: 'write "import": "{ createStore }" (from the check\'s file), or { "dist/index.js": "{ a, b }" }',
        },
  ignore: (v) => (isStrings(v) ? null : { what: 'is not a list of package names', fix: 'write "ignore": ["react"]' }),
  config: (v) => (typeof v === 'string' ? null : { what: 'is not a file', fix: 'write "config": "webpack.config.js"' }),
  modifyEsbuildConfig: (v) =>
    typeof v === 'function' ? null : { what: 'is not a function', fix: 'write it in .size-limit.js: modifyEsbuildConfig(config) { return config }' },
  modifyWebpackConfig: (v) =>
    typeof v === 'function' ? null : { what: 'is not a function', fix: 'write it in .size-limit.js: modifyWebpackConfig(config) { return config }' },
  entry: (v) => (typeof v === 'string' || isStrings(v) ? null : { what: 'is not an entry point or a list of them', fix: 'write "entry": ["main"]' }),
  disableModuleConcatenation: (v) => (typeof v === 'boolean' ? null : { what: 'is not true or false', fix: 'write "disableModuleConcatenation": true' }),
  webpack: (v) => (typeof v === 'boolean' ? null : { what: 'is not true or false', fix: 'write "webpack": false to measure the files as they are' }),
};

/**
 * The bundler options of a size-limit check, validated, as size-limit's CLI normalizes them: an
 * `import` string imports from the check's first file; the package's peer dependencies are left out
 * of the bundle unless imported. The bundler is the one the package lists (size-limit then bundles
 * every check, unless `"webpack": false`), else the one the check's options need (esbuild, unless
 * they are webpack's). Null when nothing bundles the check: its files are measured as they are.
 */
export function bundlerCheck(
  check: Record<string, unknown>,
  firstFile: string | null,
  where: string,
  pkg: PackageFacts,
  problems: ConfigProblem[],
): BundlerCheck | null {
  const used = Object.keys(BUNDLER_OPTIONS).filter((key) => check[key] !== undefined);
  for (const key of used) {
    const wrong = SHAPES[key]?.(check[key]);
    if (wrong) problems.push({ where: `${where}.${key}`, ...wrong });
  }
  if (pkg.bundler === null && used.length === 0) return null;
  const bundler: Bundler = pkg.bundler ?? (used.some((key) => !BUNDLER_OPTIONS[key]?.includes('esbuild')) ? 'webpack' : 'esbuild');
  if (bundler === 'webpack' && check.webpack === false) return null;
  for (const key of used.filter((k) => !BUNDLER_OPTIONS[k]?.includes(bundler)))
    problems.push({
      where: `${where}.${key}`,
      what: `is an option of size-limit's ${BUNDLER_OPTIONS[key]?.join(' and ')} plugin, but this check is bundled with ${bundler}${pkg.bundler ? (pkg.bundlerKey ? ' ("bundler" says so)' : ' (the plugin package.json lists)') : ` (for ${used.filter((k) => k !== key).join(', ')})`}`,
      fix: `use the options of ${bundler}, or ${pkg.bundlerKey ? `write "bundler": "${bundler === 'esbuild' ? 'webpack' : 'esbuild'}"` : 'list the other plugin in package.json'}`,
    });
  const entry = typeof check.entry === 'string' ? [check.entry] : isStrings(check.entry) ? check.entry : null;
  if (firstFile === null && typeof check.config !== 'string')
    problems.push({
      where: `${where}.entry`,
      what: 'names entry points of a bundler config, but the check has no "config"',
      fix: 'add "config": "webpack.config.js", or give "path"',
    });
  let imports: Record<string, string> | null = null;
  if (typeof check.import === 'string' && firstFile !== null) imports = { [firstFile]: check.import };
  else if (typeof check.import === 'object' && SHAPES.import?.(check.import) === null) imports = check.import as Record<string, string>;
  const imported = Object.keys(imports ?? {});
  const modify = bundler === 'esbuild' ? check.modifyEsbuildConfig : check.modifyWebpackConfig;
  return {
    bundler,
    import: imports,
    ignore: [...pkg.peers.filter((peer) => !imported.includes(peer)), ...(isStrings(check.ignore) ? check.ignore : [])],
    config: typeof check.config === 'string' ? check.config : null,
    modify: typeof modify === 'function' ? (modify as (config: unknown) => unknown) : null,
    entry,
    disableModuleConcatenation: check.disableModuleConcatenation === true,
  };
}
