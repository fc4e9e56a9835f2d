import { stripVTControlCharacters } from 'node:util';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadBudgetsWithBundles } from '../../src/config/load-budgets.js';
import { fromSizeLimit } from '../../src/config/size-limit-config.js';
import { formatValue } from '../../src/report/format.js';
import type { ConfigProblem } from '../../src/errors.js';
import { EXAMPLE_DIST, ROOT, runMain, tempDir, writeJson } from '../helpers.js';
import { readResults } from '../results-schema.js';

const convert = (checks: unknown) => {
  const problems: ConfigProblem[] = [];
  const warnings: string[] = [];
  const bundles = fromSizeLimit(checks, '/site', problems, warnings);
  return { bundles, problems, warnings };
};

describe('fromSizeLimit', () => {
  it.each([
    [
      'a size limit, Brotli as size-limit',
      { path: 'dist/app.js', limit: '10 kB' },
      { name: 'dist/app.js', compression: 'brotli', size: { warn: null, error: 10_000 }, time: null },
    ],
    [
      'gzip: true',
      { name: 'app', path: 'dist/app.js', limit: '10 KiB', gzip: true },
      { name: 'app', compression: 'gzip', size: { warn: null, error: 10_240 } },
    ],
    [
      'brotli: false, no compression',
      { path: ['dist/a.js', 'dist/b.js'], limit: '1 MB', brotli: false },
      { name: 'dist/a.js, dist/b.js', compression: 'none' },
    ],
    ['a time limit', { path: 'dist/app.js', limit: '500 ms' }, { size: { warn: null, error: null }, time: { warn: null, error: 500 }, running: true }],
    ['a time limit in seconds, loading only', { path: 'dist/app.js', limit: '1.5 s', running: false }, { time: { warn: null, error: 1500 }, running: false }],
    [
      'a time limit on a network of its own',
      { path: 'dist/app.js', limit: '1 s', time: { networkSpeed: '1.5 MB', latency: '150 ms', loadingMessage: 'on fast 4G' } },
      { time: { warn: null, error: 1000 }, network: { bytesPerSecond: 1_500_000, latencyMs: 150, message: 'on fast 4G' } },
    ],
    ['a message for when it fails', { path: 'dist/app.js', limit: '1 kB', message: ' Ask #web-perf ' }, { message: 'Ask #web-perf' }],
    [
      'a network’s latency in seconds, as a bare number',
      { path: 'dist/app.js', limit: '1 s', time: { latency: 0.2 } },
      { network: { bytesPerSecond: null, latencyMs: 200, message: null } },
    ],
  ])('reads %s', (_, check, expected) => {
    const { bundles, problems, warnings } = convert([check]);
    expect(problems).toEqual([]);
    expect(warnings).toEqual([]);
    expect(bundles).toEqual([expect.objectContaining({ baseDir: '/site', at: '[0]', ...expected })]);
  });

  it('says that a network is ignored where the limit is a size (no time is measured)', () => {
    const { bundles, warnings } = convert([{ path: 'dist/a.js', limit: '10 kB', time: { networkSpeed: '1 MB' } }]);
    expect(bundles[0]).not.toHaveProperty('network');
    expect(warnings).toEqual(["[0].time is ignored: the check's limit is a size, so no time is measured."]);
  });

  it('reports a check without a limit (its size, no limit) and ignores options about its own output, saying so', () => {
    const { bundles, problems, warnings } = convert([
      { name: 'reported', path: 'dist/a.js' },
      { name: 'kept', path: 'dist/b.js', limit: '2 kB', hidePassed: true },
    ]);
    expect(problems).toEqual([]);
    expect(bundles.map((b) => [b.name, b.at, b.size, b.time])).toEqual([
      ['reported', '[0]', { warn: null, error: null }, null],
      ['kept', '[1]', { warn: null, error: 2000 }, null],
    ]);
    expect(warnings).toEqual([
      '[1].hidePassed is ignored: size-limit reads it from its command line only; perfgate size --hide-passed hides passing bundles, and the review shows them collapsed.',
    ]);
  });

  it('highlights a check as size-limit does, where its limit is written in bytes (a check cannot ask); --limit replaces every limit', () => {
    const { bundles, warnings } = convert([
      { name: 'asked', path: 'a.js', limit: '2 kB', highlightLess: true },
      { name: 'bytes', path: 'a.js', limit: '500 B' },
      { name: 'bytes, no space', path: 'a.js', limit: '500B' },
      { name: 'kB', path: 'a.js', limit: '5 kB' },
      { name: 'none', path: 'a.js' },
    ]);
    expect(bundles.map((b) => [b.name, b.highlightLess ?? false])).toEqual([
      ['asked', false],
      ['bytes', true],
      ['bytes, no space', true],
      ['kB', false],
      ['none', false],
    ]);
    expect(warnings).toEqual([
      '[0].highlightLess is ignored: size-limit refuses it in a config (it is its --highlight-less); perfgate size --highlight-less says it of every passing bundle.',
    ]);
    const problems: ConfigProblem[] = [];
    const limited = fromSizeLimit(
      [{ path: 'a.js', limit: '2 kB' }, { path: 'b.js' }, { path: 'c.js', limit: '1 s' }],
      '/site',
      problems,
      [],
      undefined,
      '300 ms',
    );
    expect(problems).toEqual([]);
    expect(limited.map((b) => [b.size.error, b.time?.error ?? null])).toEqual([
      [null, 300],
      [null, 300],
      [null, 300],
    ]);
  });

  it.each([
    ['an entry point that is not a name', [{ path: 'index.js', entry: 7, limit: '1 kB' }], '[0].entry', 'is not an entry point or a list of them'],
    ['an import that is not a string of names', [{ path: 'index.js', import: ['a'], limit: '1 kB' }], '[0].import', 'is not what to import'],
    ['an ignore that is not a list', [{ path: 'index.js', ignore: 'react', limit: '1 kB' }], '[0].ignore', 'is not a list of package names'],
    [
      'a modifyEsbuildConfig that is not a function',
      [{ path: 'index.js', modifyEsbuildConfig: {}, limit: '1 kB' }],
      '[0].modifyEsbuildConfig',
      'is not a function',
    ],
    ['a typo', [{ path: 'index.js', limt: '1 kB' }], '[0].limt', 'unknown size-limit option "limt"'],
    ['a message that is not text', [{ path: 'index.js', limit: '1 kB', message: ['a'] }], '[0].message', 'is not text'],
    [
      'a network speed that does not parse',
      [{ path: 'index.js', limit: '1 s', time: { networkSpeed: 'fast' } }],
      '[0].time.networkSpeed',
      '"fast" is not a size per second',
    ],
    ['a latency that does not parse', [{ path: 'index.js', limit: '1 s', time: { latency: 'a bit' } }], '[0].time.latency', '"a bit" is not a time'],
    ['a network that is not an object', [{ path: 'index.js', limit: '1 s', time: '4G' }], '[0].time', '"4G" is not a network'],
    ['a limit that does not parse', [{ path: 'index.js', limit: '1 kilobyte' }], '[0].limit', '"1 kilobyte" does not parse'],
    ['a path that is not a file', [{ path: 7, limit: '1 kB' }], '[0].path', 'is not a file, a glob or a list of them'],
    ['an object instead of a list', { path: 'index.js', limit: '1 kB' }, '(root)', 'is not a list of checks'],
    [
      'two checks of one name',
      [
        { path: 'a.js', limit: '1 kB' },
        { name: 'a.js', path: 'b.js', limit: '1 kB' },
      ],
      '[1].name',
      '"a.js" names two checks',
    ],
  ])('refuses %s, naming where', (_, checks, where, what) => {
    const { problems } = convert(checks);
    expect(problems).toEqual([expect.objectContaining({ where, what: expect.stringContaining(what) })]);
  });

  const NONE = { main: null, peers: [], bundler: null };
  const BUNDLED = { import: null, ignore: [], config: null, modify: null, entry: null, disableModuleConcatenation: false };
  it.each([
    [
      'with esbuild an import from the check’s file, peer dependencies left out of the bundle',
      { path: 'index.js', import: '{ a }', ignore: ['lodash'] },
      { ...NONE, peers: ['react'] },
      { ...BUNDLED, bundler: 'esbuild', import: { 'index.js': '{ a }' }, ignore: ['react', 'lodash'] },
    ],
    [
      'with esbuild an import from a peer dependency, which is then bundled',
      { path: 'index.js', import: { react: '{ createElement }' } },
      { ...NONE, peers: ['react', 'react-dom'] },
      { ...BUNDLED, bundler: 'esbuild', import: { react: '{ createElement }' }, ignore: ['react-dom'] },
    ],
    [
      'with esbuild every check, once package.json lists its plugin (as size-limit bundles every check then)',
      { path: 'index.js' },
      { ...NONE, bundler: 'esbuild' as const },
      { ...BUNDLED, bundler: 'esbuild' },
    ],
    [
      'with esbuild a check of an esbuild config file',
      { path: 'index.js', config: 'esbuild.config.js' },
      NONE,
      { ...BUNDLED, bundler: 'esbuild', config: 'esbuild.config.js' },
    ],
    [
      'with webpack a check of webpack’s options',
      { path: 'index.js', import: '{ a }', disableModuleConcatenation: true },
      NONE,
      { ...BUNDLED, bundler: 'webpack', import: { 'index.js': '{ a }' }, disableModuleConcatenation: true },
    ],
    [
      'with webpack every check, once package.json lists its plugin (preset-big-lib)',
      { path: 'index.js', ignore: ['lodash'] },
      { ...NONE, bundler: 'webpack' as const },
      { ...BUNDLED, bundler: 'webpack', ignore: ['lodash'] },
    ],
    [
      'with webpack the entry points of its config, without a path',
      { entry: 'admin', config: 'webpack.config.js' },
      NONE,
      { ...BUNDLED, bundler: 'webpack', entry: ['admin'], config: 'webpack.config.js' },
    ],
  ])('bundles %s', (_, check, pkg, bundler) => {
    const problems: ConfigProblem[] = [];
    const bundles = fromSizeLimit([{ limit: '1 kB', ...check }], '/site', problems, [], pkg);
    expect(problems).toEqual([]);
    expect(bundles[0]?.bundler).toEqual(bundler);
  });

  it.each([
    [
      '"webpack": false, in a package that lists webpack’s plugin',
      { path: 'index.js', webpack: false },
      { main: null, peers: [], bundler: 'webpack' as const },
    ],
    ['a check without bundler options in a package without a bundler plugin', { path: 'index.js' }, { main: null, peers: ['react'], bundler: null }],
  ])('measures the files as they are: %s', (_, check, pkg) => {
    const problems: ConfigProblem[] = [];
    expect(fromSizeLimit([{ limit: '1 kB', ...check }], '/site', problems, [], pkg)[0]).not.toHaveProperty('bundler');
    expect(problems).toEqual([]);
  });

  it.each([
    [
      'an option of webpack in a package that lists esbuild’s plugin',
      { path: 'index.js', modifyWebpackConfig: (c: unknown) => c },
      'esbuild' as const,
      '[0].modifyWebpackConfig',
      "is an option of size-limit's webpack plugin, but this check is bundled with esbuild (the plugin package.json lists)",
    ],
    [
      'options of both bundlers in one check',
      { path: 'index.js', entry: 'main', modifyEsbuildConfig: (c: unknown) => c },
      null,
      '[0].modifyEsbuildConfig',
      "is an option of size-limit's esbuild plugin, but this check is bundled with webpack (for entry)",
    ],
    ['entry points without a config', { entry: 'main' }, null, '[0].entry', 'names entry points of a bundler config, but the check has no "config"'],
    [
      '"webpack": false in a package that lists esbuild’s plugin',
      { path: 'index.js', webpack: false },
      'esbuild' as const,
      '[0].webpack',
      "is an option of size-limit's webpack plugin, but this check is bundled with esbuild (the plugin package.json lists)",
    ],
  ])('refuses %s, naming the option', (_, check, bundler, where, what) => {
    const problems: ConfigProblem[] = [];
    fromSizeLimit([{ limit: '1 kB', ...check }], '/site', problems, [], { main: null, peers: [], bundler });
    expect(problems).toEqual([expect.objectContaining({ where, what })]);
  });

  it('refuses entry points that nothing bundles ("webpack": false) without a path: they would measure nothing', () => {
    const problems: ConfigProblem[] = [];
    fromSizeLimit([{ limit: '1 kB', entry: 'main', config: 'webpack.config.js', webpack: false }], '/site', problems, [], {
      main: null,
      peers: [],
      bundler: null,
    });
    expect(problems).toEqual([expect.objectContaining({ where: '[0].path', what: 'is missing' })]);
  });

  it('takes package.json’s main for a check without a path, as size-limit does', () => {
    const problems: ConfigProblem[] = [];
    const warnings: string[] = [];
    const bundles = fromSizeLimit([{ name: 'main', limit: '1 kB' }], '/site', problems, warnings, { main: 'lib/index.js', peers: ['react'], bundler: null });
    expect(problems).toEqual([]);
    expect(bundles).toEqual([expect.objectContaining({ patterns: ['lib/index.js'] })]);
    expect(fromSizeLimit([{ limit: '1 kB' }], '/site', [], [])[0]?.patterns).toEqual(['index.js']);
    expect(warnings).toEqual([]);
  });
});

describe('loadBudgetsWithBundles', async () => {
  it('takes the bundles of budgets.json when it has some, else the checks of size-limit’s config beside it', async () => {
    const dir = tempDir();
    writeJson(dir, '.size-limit.json', [{ name: 'from size-limit', path: 'dist/*.js', limit: '5 kB' }]);
    writeJson(dir, 'budgets.json', { budgets: [{ path: '/*', timings: { interactive: 5000 } }] });
    const merged = await loadBudgetsWithBundles(dir, 'budgets.json');
    expect(merged?.budgets).toHaveLength(1);
    expect(merged?.bundles.map((b) => b.name)).toEqual(['from size-limit']);
    expect(merged?.bundlesFile).toBe(path.join(dir, '.size-limit.json'));

    writeJson(dir, 'budgets.json', { bundles: [{ name: 'own', path: 'dist/*.js', error: '9 kB' }] });
    const own = await loadBudgetsWithBundles(dir, 'budgets.json');
    expect(own?.bundles.map((b) => b.name)).toEqual(['own']);
    expect(own?.bundlesFile).toBe(path.join(dir, 'budgets.json'));
  });

  it('reads package.json’s "size-limit" first, as size-limit does, loads a JavaScript config, and one in TypeScript with jiti, as size-limit does', async () => {
    const dir = tempDir();
    writeJson(dir, 'package.json', { name: 'app', devDependencies: { 'size-limit': '12.1.0' }, 'size-limit': [{ path: 'index.js', limit: '1 kB' }] });
    writeJson(dir, '.size-limit.json', [{ name: 'second', path: 'index.js', limit: '1 kB' }]);
    expect((await loadBudgetsWithBundles(dir, 'budgets.json'))?.bundlesFile).toBe(`${path.join(dir, 'package.json')} ("size-limit")`);

    const code = tempDir();
    writeFileSync(path.join(code, '.size-limit.js'), 'module.exports = [{ path: "index.js", limit: "1 kB" }]');
    writeJson(code, 'budgets.json', { budgets: [{ path: '/*', timings: { interactive: 5000 } }] });
    const budgets = await loadBudgetsWithBundles(code, 'budgets.json');
    expect(budgets?.bundlesFile).toBe(path.join(code, '.size-limit.js'));
    expect(budgets?.bundles.map((b) => [b.name, b.patterns, b.size])).toEqual([['index.js', ['index.js'], { warn: null, error: 1000 }]]);

    // TypeScript, loaded with jiti as size-limit loads it (here perfgate's own: the folder has none).
    const typed = tempDir();
    writeFileSync(
      path.join(typed, '.size-limit.ts'),
      'type Check = { path: string; limit: string };\nconst checks: Check[] = [{ path: "index.js", limit: "1 kB" }];\nexport default checks;\n',
    );
    const fromTypeScript = await loadBudgetsWithBundles(typed, 'budgets.json');
    expect(fromTypeScript?.bundlesFile).toBe(path.join(typed, '.size-limit.ts'));
    expect(fromTypeScript?.bundles.map((b) => [b.name, b.size])).toEqual([['index.js', { warn: null, error: 1000 }]]);
    expect(fromTypeScript?.warnings).toEqual([]);
  });

  it('warns where package.json lists both bundlers’ plugins (size-limit runs both, its sizes off), and bundles with esbuild', async () => {
    const dir = tempDir();
    writeJson(dir, 'package.json', { name: 'lib', devDependencies: { '@size-limit/preset-small-lib': '12.1.0', '@size-limit/webpack': '12.1.0' } });
    writeJson(dir, '.size-limit.json', [{ name: 'a', path: 'index.js', import: '{ a }', limit: '1 kB' }]);
    const loaded = await loadBudgetsWithBundles(dir, 'budgets.json');
    expect(loaded?.bundles.map((b) => b.bundler?.bundler)).toEqual(['esbuild']);
    expect(loaded?.warnings).toEqual([
      `${path.join(dir, '.size-limit.json')}: package.json lists both size-limit's esbuild and webpack plugins: size-limit runs both on every check, and each takes its own empty bundle off the size (which can fall below 0); perfgate bundles with esbuild. List one of them.`,
    ]);
    writeJson(dir, 'package.json', { name: 'lib', devDependencies: { '@size-limit/preset-small-lib': '12.1.0' } });
    expect((await loadBudgetsWithBundles(dir, 'budgets.json'))?.warnings).toEqual([]);
  });

  it('--config names the config: any file size-limit reads, its paths relative to its folder; never beside bundles of budgets.json', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'config'));
    writeJson(dir, 'config/limits.json', [{ name: 'json', path: '../dist/*.js', limit: '1 kB' }]);
    writeFileSync(path.join(dir, 'config/limits.mts'), 'export default [{ name: "ts", path: "index.js", limit: "2 kB" }] as const;\n');
    writeJson(dir, 'config/package.json', { name: 'x', 'size-limit': [{ name: 'pkg', path: 'index.js', limit: '3 kB' }] });
    writeJson(dir, '.size-limit.json', [{ name: 'found beside', path: 'index.js', limit: '1 kB' }]);
    const read = async (file: string) =>
      (await loadBudgetsWithBundles(dir, 'budgets.json', undefined, { config: file }))?.bundles.map((b) => [b.name, b.baseDir]);
    expect(await read('config/limits.json')).toEqual([['json', path.join(dir, 'config')]]);
    expect(await read('config/limits.mts')).toEqual([['ts', path.join(dir, 'config')]]);
    expect(await read('config/package.json')).toEqual([['pkg', path.join(dir, 'config')]]);
    await expect(read('config/missing.json')).rejects.toThrow(`${path.join(dir, 'config/missing.json')}: not found (--config names size-limit's config)`);
    await expect(read('budgets.json')).rejects.toThrow('not found');
    writeJson(dir, 'package.json', { name: 'y' });
    await expect(read('package.json')).rejects.toThrow(`${path.join(dir, 'package.json')}: has no "size-limit" key`);
    writeJson(dir, 'budgets.json', { bundles: [{ name: 'own', path: 'dist/*.js', error: '9 kB' }] });
    await expect(read('config/limits.json')).rejects.toThrow('has "bundles", and --config names size-limit\'s config (config/limits.json)');
  });

  it('a JavaScript config that throws is exit 2 naming it', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, '.size-limit.cjs'), 'throw new Error("BUILD_DIR is not set")');
    await expect(loadBudgetsWithBundles(dir, 'budgets.json')).rejects.toThrow(
      `${path.join(dir, '.size-limit.cjs')}: the size-limit config could not be loaded (BUILD_DIR is not set)`,
    );
  });
});

describe('perfgate size with a project’s size-limit config', () => {
  /** A project folder inside the repository (so that the real size-limit CLI finds its plugins) with the example's assets. */
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });
  function project(): string {
    mkdirSync(path.join(ROOT, 'test/artifacts'), { recursive: true });
    const dir = mkdtempSync(path.join(ROOT, 'test/artifacts/size-limit-config-'));
    made.push(dir);
    mkdirSync(path.join(dir, 'dist'));
    for (const file of ['home.js', 'products.js', 'app.css']) copyFileSync(path.join(EXAMPLE_DIST, 'assets', file), path.join(dir, 'dist', file));
    return dir;
  }

  const checks = [
    { name: 'JS', path: 'dist/*.js', limit: '10 kB' },
    { name: 'CSS', path: 'dist/app.css', limit: '10 B', gzip: true },
  ];
  it.each([
    ['.size-limit.json', JSON.stringify(checks)],
    ['.size-limit.cjs', `module.exports = ${JSON.stringify(checks)};`],
    ['.size-limit.mjs', `export default ${JSON.stringify(checks)};`],
    // (Loaded with jiti, as size-limit loads it.)
    ['.size-limit.ts', `type Check = { name: string; path: string; limit: string };\nexport default ${JSON.stringify(checks)} satisfies Check[];`],
  ])(
    'measures the checks of %s without a budgets.json, the sizes size-limit reports, and fails as size-limit does',
    async (file, text) => {
      const dir = project();
      writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'app', private: true, devDependencies: { '@size-limit/file': '12.1.0' } }));
      writeFileSync(path.join(dir, file), text);
      // size-limit itself, on the same config: it exits 1 as a check fails, its JSON on stdout.
      const sizeLimit = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/size-limit/bin.js'), '--json'], { cwd: dir, encoding: 'utf8' });
      expect(sizeLimit.status, sizeLimit.stderr).toBe(1);
      const expected = (JSON.parse(sizeLimit.stdout) as Array<{ name: string; size: number; passed: boolean }>).map((c) => [
        c.name,
        c.size,
        c.passed ? 'pass' : 'fail',
      ]);

      const result = await runMain(['size', '--out', path.join(dir, 'out')], { cwd: dir });
      expect(result.code, result.stderr).toBe(1);
      const measured = readResults(path.join(dir, 'out')).budgets.map((b: { page: string; actual: number; status: string }) => [b.page, b.actual, b.status]);
      expect(measured).toEqual(expected);
      expect(expected.map(([, , status]) => status)).toEqual(['pass', 'fail']);
      // perfgate size --json prints what size-limit --json prints, and exits as it does.
      const json = await runMain(['size', '--json', '--out', path.join(dir, 'out')], { cwd: dir });
      expect(json.code, json.stderr).toBe(1);
      expect(JSON.parse(json.stdout)).toEqual(JSON.parse(sizeLimit.stdout));
      expect(json.stderr).toContain('✖ fail');
    },
    60_000,
  );

  it('--config reads the config size-limit --config reads, its paths relative to its folder: the same JSON and exit', async () => {
    const dir = project();
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'app', private: true, devDependencies: { '@size-limit/file': '12.1.0' } }));
    mkdirSync(path.join(dir, 'config'));
    writeFileSync(path.join(dir, 'config/limits.json'), JSON.stringify(checks.map((c) => ({ ...c, path: `../${c.path}` }))));
    const sizeLimit = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/size-limit/bin.js'), '--json', '--config', 'config/limits.json'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(sizeLimit.status, sizeLimit.stderr).toBe(1);
    const ours = await runMain(['size', '--json', '--config', 'config/limits.json', '--out', path.join(dir, 'out')], { cwd: dir });
    expect(ours.code, ours.stderr).toBe(1);
    expect(JSON.parse(ours.stdout)).toEqual(JSON.parse(sizeLimit.stdout));
    expect(JSON.parse(ours.stdout).map((c: { name: string }) => c.name)).toEqual(['JS', 'CSS']);
  }, 60_000);

  it('reports checks without a limit, measures files given on the command line, takes --limit, highlights limits in bytes: as size-limit does', async () => {
    const dir = project();
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'app', private: true, devDependencies: { '@size-limit/file': '12.1.0' } }));
    writeFileSync(
      path.join(dir, '.size-limit.json'),
      JSON.stringify([
        { name: 'JS', path: 'dist/*.js', limit: '10 kB' },
        { name: 'reported', path: 'dist/app.css' },
        { name: 'in bytes', path: 'dist/home.js', limit: '100000 B' },
        { name: 'plain', path: 'dist/products.js', limit: '100 kB' },
      ]),
    );
    const theirs = (...args: string[]) =>
      spawnSync(process.execPath, [path.join(ROOT, 'node_modules/size-limit/bin.js'), ...args], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      });
    const same = async (args: string[], code: number) => {
      const sizeLimit = theirs('--json', ...args);
      expect(sizeLimit.status, sizeLimit.stderr).toBe(code);
      const ours = await runMain(['size', '--json', ...args, '--out', path.join(dir, 'out')], { cwd: dir });
      expect(ours.code, ours.stderr).toBe(code);
      expect(JSON.parse(ours.stdout)).toEqual(JSON.parse(sizeLimit.stdout));
      return JSON.parse(ours.stdout) as Array<Record<string, unknown>>;
    };
    // The check without a limit: its size, no "passed" and no limit, in size-limit's JSON and perfgate's.
    const all = await same([], 0);
    expect(all.find((c) => c.name === 'reported')).toEqual({ name: 'reported', size: expect.any(Number) });
    const table = await runMain(['size', '--out', path.join(dir, 'out')], { cwd: dir });
    expect(table.code, table.stderr).toBe(0);
    expect(table.stderr).not.toContain('warning');
    expect(table.stdout).toMatch(/reported +Size \(brotli\) +[\d.]+ k?B +no limit/);
    // It is no budget that passes: the tally counts it apart.
    expect(table.stdout).toContain('✔ pass: all 3 budgets pass, and 1 bundle measured without a limit');
    const review = await runMain(['report', '--results', path.join(dir, 'out/results.json'), '--format', 'md'], { cwd: dir });
    expect(review.stdout).toMatch(/\| reported \| Size \(brotli\) \|[^\n]*no limit/);
    // A limit in bytes: size-limit says how far below its limit the check is, unasked, and so does perfgate, of that check only.
    const sizeLimitText = theirs();
    expect(sizeLimitText.stdout.match(/less than limit/g)).toHaveLength(1);
    expect(sizeLimitText.stdout).toMatch(/in bytes\n\s*Package size is [\d.]+ kB less than limit/);
    const less = table.stdout.split('\n').filter((line) => line.includes('less than its limit'));
    expect(less.map((line) => line.trim().split(' Size')[0])).toEqual(['in bytes']);
    // --limit: every check's limit, the one without a limit too.
    const limited = await same(['--limit', '500 B'], 1);
    expect(limited.map((c) => [c.sizeLimit, c.passed])).toEqual([
      [500, false],
      [500, true],
      [500, true],
      [500, false],
    ]);
    // Files on the command line: one check of them, no config read; with --limit, their limit.
    expect(await same(['dist/home.js', 'dist/products.js'], 0)).toEqual([{ name: 'dist/home.js, dist/products.js', size: expect.any(Number) }]);
    expect((await same(['--limit', '10 B', 'dist/home.js'], 1))[0]).toMatchObject({ name: 'dist/home.js', passed: false, sizeLimit: 10 });
    // Bad input: exit 2 naming what to fix.
    const bad = async (args: string[], text: string) => {
      const result = await runMain(['size', ...args, '--out', path.join(dir, 'out')], { cwd: dir });
      expect(result.code, result.stdout).toBe(2);
      expect(result.stderr).toContain(text);
    };
    await bad(['--limit', 'small'], '--limit "small": not a size or a time. Write a size like --limit "10 kB"');
    await bad(['dist/missing.js'], '"dist/missing.js" matches no file');
    await bad(['--config', '.size-limit.json', 'dist/home.js'], '--config .size-limit.json and the files dist/home.js: give one');
    writeJson(dir, 'budgets.json', { bundles: [{ name: 'own', path: 'dist/*.js', error: '9 kB' }] });
    await bad(['--limit', '1 kB'], 'has "bundles", whose limits are their "warn" and "error": --limit sets the limit of size-limit\'s checks only');
    // Files on the command line measure those files, whatever budgets.json's bundles are.
    expect(await same(['dist/home.js'], 0)).toEqual([{ name: 'dist/home.js', size: expect.any(Number) }]);
  }, 120_000);

  it('takes every flag size-limit --help lists (--compare-with refused, naming what perfgate compares by instead)', async () => {
    // (Without colours, which size-limit gives its help under CI=true.)
    const help = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/size-limit/bin.js'), '--help'], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    const theirs = [...new Set(help.stdout.match(/^ +(--[a-z-]+)/gm)?.map((flag) => flag.trim()))];
    expect(theirs).toEqual(expect.arrayContaining(['--json', '--watch', '--debug', '--compare-with', '--version']));
    const ours = (await runMain(['size', '--help'])).stdout;
    // perfgate's --version is perfgate's own (perfgate --version); --compare-with is taken, to say what to use.
    expect(theirs.filter((flag) => !['--version', '--compare-with'].includes(flag) && !new RegExp(`^ +(-\\w, )?${flag}\\b`, 'm').test(ours))).toEqual([]);
    const refused = await runMain(['size', '--compare-with', 'stats.json'], { cwd: tempDir() });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      "--compare-with stats.json: size-limit's bundle analyser reads a webpack stats.json there; perfgate's --why prints what each bundle holds instead",
    );
    expect(refused.stderr).toContain('--base-root DIR');
  });

  it('--debug prints what was read and measured after the results, as size-limit --debug prints its config; to stderr with --json, and when measuring fails', async () => {
    const dir = project();
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'app', private: true, devDependencies: { '@size-limit/file': '12.1.0' } }));
    writeJson(dir, '.size-limit.json', [{ name: 'JS', path: 'dist/*.js', limit: '10 kB', gzip: true }]);
    const debugOf = (text: string) => JSON.parse(text.slice(text.indexOf('\nperfgate --debug:\n') + '\nperfgate --debug:\n'.length));
    const table = await runMain(['size', '--debug', '--out', path.join(dir, 'out')], { cwd: dir });
    expect(table.code, table.stderr).toBe(0);
    // After the table, the JSON: versions, where the checks were read, each as read, each measured.
    expect(table.stdout.indexOf('perfgate --debug:')).toBeGreaterThan(table.stdout.indexOf('✔ pass'));
    const debug = debugOf(table.stdout);
    expect(debug).toMatchObject({ node: process.version, cwd: dir, config: path.join(dir, '.size-limit.json') });
    expect(debug.perfgate).toMatch(/^\d+\.\d+\.\d+/);
    expect(debug.checks).toEqual([expect.objectContaining({ name: 'JS', patterns: ['dist/*.js'], compression: 'gzip', size: { warn: null, error: 10_000 } })]);
    expect(debug.measures).toEqual([expect.objectContaining({ name: 'JS', files: ['dist/home.js', 'dist/products.js'], bytes: expect.any(Number) })]);
    expect(debug.measures[0].bytes).toBe(readResults(path.join(dir, 'out')).budgets[0].actual);
    // With --json, stdout stays size-limit's JSON: the debug goes to stderr.
    const json = await runMain(['size', '--json', '--debug', '--out', path.join(dir, 'out')], { cwd: dir });
    expect(JSON.parse(json.stdout)).toEqual([expect.objectContaining({ name: 'JS', passed: true })]);
    expect(debugOf(json.stderr).measures).toHaveLength(1);
    // Measuring fails (a glob that matches nothing): the checks as read, to stderr, then the error.
    writeJson(dir, '.size-limit.json', [{ name: 'JS', path: 'dist/missing-*.js', limit: '10 kB' }]);
    const failed = await runMain(['size', '--debug', '--out', path.join(dir, 'out')], { cwd: dir });
    expect(failed.code).toBe(2);
    expect(failed.stdout).not.toContain('perfgate --debug:');
    const partial = debugOf(failed.stderr.slice(0, failed.stderr.lastIndexOf('}') + 1));
    expect(partial).toMatchObject({ checks: [expect.objectContaining({ patterns: ['dist/missing-*.js'] })], measures: null });
    expect(failed.stderr).toContain('matches no file');
  }, 60_000);

  it('--hide-passed and --silent show what size-limit shows with them: only the checks that did not pass, and nothing when all pass', async () => {
    const dir = project();
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'app', private: true, devDependencies: { '@size-limit/file': '12.1.0' } }));
    writeFileSync(path.join(dir, '.size-limit.json'), JSON.stringify(checks));
    const sizeLimit = (...args: string[]) =>
      spawnSync(process.execPath, [path.join(ROOT, 'node_modules/size-limit/bin.js'), ...args], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      });
    // size-limit names only the failing check under either flag.
    for (const flag of ['--hide-passed', '--silent']) {
      const theirs = sizeLimit(flag);
      expect(theirs.status).toBe(1);
      expect(theirs.stdout).toContain('CSS');
      expect(theirs.stdout).not.toMatch(/^JS$/m);
      const ours = await runMain(['size', flag, '--out', path.join(dir, 'out')], { cwd: dir });
      expect(ours.code, ours.stderr).toBe(1);
      expect(ours.stdout).toMatch(/^ {2}CSS /m);
      expect(ours.stdout).not.toMatch(/^ {2}JS /m);
      expect(ours.stdout).toContain('1 bundle budget passed, not shown');
    }
    // Every check passes: size-limit --silent prints nothing, and so does perfgate size --silent (results.json is still written).
    writeFileSync(path.join(dir, '.size-limit.json'), JSON.stringify([checks[0]]));
    const theirs = sizeLimit('--silent');
    expect(theirs.status).toBe(0);
    // (It moves the cursor back over the blank line it printed.)
    expect(stripVTControlCharacters(theirs.stdout).trim()).toBe('');
    const ours = await runMain(['size', '--silent', '--out', path.join(dir, 'quiet')], { cwd: dir });
    expect(ours.code, ours.stderr).toBe(0);
    expect(ours.stdout).toBe('');
    expect(readResults(path.join(dir, 'quiet')).verdict).toBe('pass');
    // --hide-passed still says that all passed.
    const hidden = await runMain(['size', '--hide-passed', '--out', path.join(dir, 'out')], { cwd: dir });
    expect(hidden.stdout).toContain('1 bundle budget passed, not shown');
    expect(hidden.stdout).toContain('✔ pass');
    // --why, of built files without source maps: each file's share of the size.
    const why = await runMain(['size', '--why', '--out', path.join(dir, 'out')], { cwd: dir });
    expect(why.stdout).toMatch(
      /\nwhat each bundle holds:\n {2}JS, by file \(brotli\): dist\/\w+\.js [\d.]+ k?B \(\d+ %\), dist\/\w+\.js [\d.]+ k?B \(\d+ %\)\n/,
    );
    writeFileSync(path.join(dir, '.size-limit.json'), JSON.stringify([{ path: 'dist/home.js', limit: '10 kB' }]));
    const oneFile = await runMain(['size', '--why', '--out', path.join(dir, 'out')], { cwd: dir });
    expect(oneFile.stdout).toContain('what each bundle holds: each is one file without a source map (build with source maps to see its sources)');
    // Nothing is bundled, so --save-bundle has nothing to keep, and says so.
    const nothing = await runMain(['size', '--save-bundle', 'kept', '--out', path.join(dir, 'out')], { cwd: dir });
    expect(nothing.code, nothing.stderr).toBe(0);
    expect(nothing.stdout).toContain('--save-bundle: no check is bundled (the files are measured as they are built), so there is no bundle to keep');
  }, 60_000);

  it('prints a check’s message where its size is over the limit, as size-limit does, and puts it in results.json and the review', async () => {
    const dir = project();
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'app', private: true, devDependencies: { '@size-limit/file': '12.1.0' } }));
    const over = 'CSS grew: ask #design-system before raising its limit';
    const under = 'JS: see docs/size.md';
    writeFileSync(
      path.join(dir, '.size-limit.json'),
      JSON.stringify([
        { ...checks[0], message: under },
        { ...checks[1], message: over },
      ]),
    );
    const theirs = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/size-limit/bin.js')], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(theirs.status).toBe(1);
    expect(theirs.stdout).toContain(over);
    expect(theirs.stdout).not.toContain(under);

    const ours = await runMain(['size', '--out', path.join(dir, 'out')], { cwd: dir });
    expect(ours.code, ours.stderr).toBe(1);
    expect(ours.stderr).not.toContain('message');
    expect(ours.stdout).toContain(`\n  CSS: ${over}\n`);
    expect(ours.stdout).not.toContain(under);
    expect(readResults(path.join(dir, 'out')).budgets.map((b: { page: string; note?: string }) => [b.page, b.note])).toEqual([
      ['JS', under],
      ['CSS', over],
    ]);
    const review = await runMain(['report', '--results', path.join(dir, 'out/results.json'), '--format', 'md'], { cwd: dir });
    expect(review.code, review.stderr).toBe(0);
    expect(review.stdout).toContain('\n> CSS: CSS grew: ask \\#design-system before raising its limit\n');
    expect(review.stdout).not.toContain('docs/size');

    // --highlight-less: how far below its limit the passing check is, where size-limit --highlight-less says it too.
    const theirsLess = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/size-limit/bin.js'), '--highlight-less'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(theirsLess.stdout).toMatch(/Package size is [\d.]+ kB less than limit/);
    const less = await runMain(['size', '--highlight-less', '--out', path.join(dir, 'out')], { cwd: dir });
    expect(less.code).toBe(1);
    const js = readResults(path.join(dir, 'out')).budgets.find((b: { page: string }) => b.page === 'JS');
    expect(less.stdout).toContain(`\n  JS Size (brotli): ${formatValue(10_000 - js.actual, 'bytes')} less than its limit\n`);
    expect(less.stdout).not.toMatch(/CSS .*less than its limit/);
    expect(ours.stdout).not.toContain('less than its limit');
  }, 60_000);

  it('names the size-limit config and the check when a path matches no file, and says where bundles can come from when there are none', async () => {
    const dir = project();
    writeFileSync(path.join(dir, '.size-limit.json'), JSON.stringify([{ name: 'JS', path: 'build/*.js', limit: '10 kB' }]));
    const missing = await runMain(['size', '--out', path.join(dir, 'out')], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`${path.join(dir, '.size-limit.json')}: [0].path: "build/*.js" matches no file`);

    const empty = tempDir();
    const none = await runMain(['size'], { cwd: empty });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no size-limit config (.size-limit.json, .size-limit.js, or "size-limit" in package.json)');
  });

  /** A library in a folder of its own: React as a peer dependency, size-limit's plugins as devDependencies. */
  function library(plugins: string[]): string {
    const dir = project();
    writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({
        name: 'lib',
        private: true,
        type: 'module',
        main: 'index.js',
        peerDependencies: { react: '*' },
        devDependencies: Object.fromEntries(['@size-limit/file', ...plugins].map((name) => [name, '12.1.0'])),
      }),
    );
    writeFileSync(
      path.join(dir, 'index.js'),
      [
        "import { createElement } from 'react';",
        'export const small = (a) => a + 1;',
        "export const big = (list) => list.map((x) => ({ x, label: `item ${x}`, when: new Date(x).toISOString() })).filter((o) => o.x % 3).length + 'padding'.repeat(50);",
        "export const element = () => createElement('div');",
      ].join('\n'),
    );
    return dir;
  }

  it.each([
    ['throws as it loads (a package it needs is missing)', "import 'esbuild-that-is-not-installed';\nexport default [];", 'did not load from'],
    ['exports no list of plugins', 'export default { name: "not a plugin list" };', 'is not one (it exports no list of plugins)'],
  ])(
    'a project’s size-limit plugin that %s is exit 2 naming the check, the file and the fix',
    async (_, code, what) => {
      const dir = library(['@size-limit/esbuild']);
      const plugin = path.join(dir, 'node_modules/@size-limit/esbuild');
      mkdirSync(plugin, { recursive: true });
      writeFileSync(path.join(plugin, 'package.json'), JSON.stringify({ name: '@size-limit/esbuild', version: '12.1.0', type: 'module', main: 'index.js' }));
      writeFileSync(path.join(plugin, 'index.js'), code);
      writeFileSync(path.join(dir, '.size-limit.json'), JSON.stringify([{ name: 'small', import: '{ small }', limit: '100 B' }]));
      const result = await runMain(['size', '--out', path.join(dir, 'out')], { cwd: dir });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("[0] is bundled with size-limit's esbuild plugin");
      expect(result.stderr).toContain(what);
      expect(result.stderr).toContain(path.join(plugin, 'index.js'));
      expect(result.stderr).toContain('npm install --save-dev @size-limit/esbuild');
      expect(result.stderr).not.toMatch(/\n\s+at /);
    },
    60_000,
  );

  /** size-limit --json on the folder's config (exit 1, a check failing), and perfgate size --json on it: the same JSON and exit. */
  /**
   * size-limit's --json and perfgate's for the same project, equal; but the size of a check named in
   * `byteOrTwo`, which may differ by up to 2 B: webpack's bundle of an import without module
   * concatenation came out 1 B smaller (gzip) in perfgate's measurement in 2 of about 20 runs of this
   * file in a fresh clone, never in 120 runs of the same check outside it; the cause is not found.
   */
  async function bothMeasure(dir: string, byteOrTwo: string[] = []): Promise<Array<{ name: string; size: number; passed: boolean }>> {
    const sizeLimit = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/size-limit/bin.js'), '--json'], { cwd: dir, encoding: 'utf8' });
    expect(sizeLimit.status, sizeLimit.stderr).toBe(1);
    const theirs = JSON.parse(sizeLimit.stdout) as Array<{ name: string; size: number; passed: boolean }>;
    const json = await runMain(['size', '--json', '--out', path.join(dir, 'out')], { cwd: dir });
    expect(json.code, json.stderr).toBe(1);
    expectSameJson(JSON.parse(json.stdout), theirs, byteOrTwo);
    return theirs;
  }

  /** Each file a folder holds, by name, with its text. */
  const held = (folder: string) =>
    readdirSync(folder)
      .sort()
      .map((name) => [name, readFileSync(path.join(folder, name), 'utf8')]);

  /**
   * A library whose one check imports `{ small }` through `bundler`'s plugin, its bundle kept by
   * size-limit --save-bundle (in `theirs`) and by perfgate size --save-bundle (in `ours`), both exit 0.
   */
  async function bothSave(bundler: 'esbuild' | 'webpack'): Promise<{ dir: string; ours: Awaited<ReturnType<typeof runMain>> }> {
    const dir = library([`@size-limit/${bundler}`]);
    writeFileSync(path.join(dir, '.size-limit.json'), JSON.stringify([{ name: 'small', import: '{ small }', limit: '1 kB' }]));
    const theirs = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/size-limit/bin.js'), '--save-bundle', 'theirs'], { cwd: dir, encoding: 'utf8' });
    expect(theirs.status, theirs.stderr).toBe(0);
    const ours = await runMain(['size', '--save-bundle', 'ours', '--out', path.join(dir, 'out')], { cwd: dir });
    expect(ours.code, ours.stderr).toBe(0);
    return { dir, ours };
  }

  /** Two --json outputs equal, but the sizes of the checks named in `byteOrTwo`, within 2 B (see bothMeasure). */
  function expectSameJson(ours: Array<{ name: string; size: number }>, theirs: Array<{ name: string; size: number }>, byteOrTwo: string[]): void {
    const near = (list: typeof theirs) => list.map((c) => (byteOrTwo.includes(c.name) ? { ...c, size: 'near' } : c));
    expect(near(ours)).toEqual(near(theirs));
    for (const name of byteOrTwo) {
      const [mine, size] = [ours, theirs].map((list) => list.find((c) => c.name === name)?.size as number);
      expect(Math.abs((mine as number) - (size as number)), name).toBeLessThanOrEqual(2);
    }
  }

  it('bundles a library’s checks with esbuild as size-limit does (import, peer dependencies left out, every check once its plugin is listed): the sizes size-limit prints, the same exit', async () => {
    const dir = library(['@size-limit/esbuild']);
    const libChecks = [
      { name: 'small', import: '{ small }', limit: '100 B' },
      { name: 'whole', path: 'index.js', limit: '150 B' },
      { name: 'element', import: '{ element }', limit: '1 kB', gzip: true },
      { name: 'with react', import: { 'index.js': '{ element }', react: '{ createElement }' }, limit: '100 kB', brotli: false },
    ];
    writeFileSync(path.join(dir, '.size-limit.json'), JSON.stringify(libChecks));
    const theirs = await bothMeasure(dir);
    // What the sizes say: the one export alone is smaller than the whole file, React is left out until imported by name.
    const size = Object.fromEntries(theirs.map((c) => [c.name, c.size]));
    expect(theirs.map((c) => c.passed)).toEqual([true, false, true, true]);
    expect(size.small).toBeLessThan(size.whole as number);
    expect(size['with react']).toBeGreaterThan(5_000);
    expect(size.element).toBeLessThan(200);
    // Each source's share of the bundle, from esbuild's metafile: React by package, the largest where it is imported.
    const sources = Object.fromEntries(
      readResults(path.join(dir, 'out')).budgets.map((b: { page: string; sources?: Array<{ name: string }> }) => [b.page, b.sources?.map((p) => p.name)]),
    );
    expect(sources['with react']?.[0]).toBe('node_modules/react');
    expect(sources['with react']).toEqual(expect.arrayContaining(['index.js', "(size-limit's import)"]));
    expect(sources.small).not.toContain('node_modules/react');
    expect(readResults(path.join(dir, 'out')).budgets.map((b: { page: string; message: string }) => [b.page, b.message])).toEqual([
      ['small', 'bundled with esbuild: import { small } from index.js'],
      ['whole', 'bundled with esbuild: index.js'],
      ['element', 'bundled with esbuild: import { element } from index.js'],
      ['with react', 'bundled with esbuild: import { element } from index.js, { createElement } from react'],
    ]);

    // --why: what each bundle holds, as size-limit --why would show it.
    const why = await runMain(['size', '--why', '--out', path.join(dir, 'out')], { cwd: dir });
    expect(why.stdout).toMatch(/\nwhat each bundle holds:\n {2}small, by source \(before compression\): /);
    expect(why.stdout).toMatch(/\n {2}with react, by source \(before compression\): node_modules\/react [\d.]+ kB \(\d+ %\), /);

    // Side by side (--base-root): the base's copy is bundled the same way; here the pull request's `small` grew.
    const base = `${dir}-base`;
    cpSync(dir, base, { recursive: true });
    made.push(base);
    writeFileSync(path.join(dir, 'index.js'), readFileSync(path.join(dir, 'index.js'), 'utf8').replace('a + 1', "a + 1 + Math.max(a, 2) + 'grown'.repeat(a)"));
    const sideBySide = await runMain(['size', '--base-root', base, '--out', path.join(dir, 'out')], { cwd: dir });
    expect(sideBySide.code, sideBySide.stderr).toBe(1);
    const changes = Object.fromEntries(
      readResults(path.join(dir, 'out')).budgets.map((b: { page: string; actual: number; change?: { base: number; delta: number } }) => [
        b.page,
        [b.change?.base, b.actual],
      ]),
    );
    expect(changes.small).toEqual([size.small, expect.any(Number)]);
    expect(changes.small?.[1]).toBeGreaterThan(size.small as number);
    expect(changes['with react']?.[0]).toBe(size['with react']);
    // Where the change is: the one source that grew, before compression.
    expect(sideBySide.stdout).toMatch(/small, by source \(before compression\): index\.js \+\d+ B\n/);

    // An import of a name the file does not export is exit 2 naming the check and esbuild's reason.
    writeFileSync(path.join(dir, '.size-limit.json'), JSON.stringify([{ name: 'typo', import: '{ smal }', limit: '1 kB' }]));
    const typo = await runMain(['size', '--out', path.join(dir, 'out')], { cwd: dir });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain(`${path.join(dir, '.size-limit.json')}: [0]: size-limit's esbuild plugin could not bundle it:`);
    expect(typo.stderr).toContain('No matching export in');
  }, 60_000);

  it('--save-bundle keeps each bundled check’s bundle in a folder of its own, as size-limit --save-bundle keeps its one; --clean-dir empties it first', async () => {
    const { dir, ours } = await bothSave('esbuild');
    expect(ours.stdout).toContain(`bundles kept (--save-bundle):\n  small: ${path.join(dir, 'ours', 'small')}\n`);
    // The same bundle size-limit keeps (its files and bytes), the one that was measured.
    expect(held(path.join(dir, 'ours', 'small'))).toEqual(held(path.join(dir, 'theirs')));
    expect(held(path.join(dir, 'theirs')).map(([name]) => name)).toContain('index.js');
    // A folder that holds files is refused, as size-limit refuses it, unless --clean-dir empties it.
    const again = await runMain(['size', '--save-bundle', 'ours', '--out', path.join(dir, 'out')], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`--save-bundle ${path.join(dir, 'ours')}: the folder is not empty. Give --clean-dir`);
    const cleaned = await runMain(['size', '--save-bundle', 'ours', '--clean-dir', '--out', path.join(dir, 'out')], { cwd: dir });
    expect(cleaned.code, cleaned.stderr).toBe(0);
    expect(held(path.join(dir, 'ours', 'small'))).toEqual(held(path.join(dir, 'theirs')));
    // Never the project itself, nor --clean-dir alone.
    const project = await runMain(['size', '--save-bundle', '.', '--clean-dir', '--out', path.join(dir, 'out')], { cwd: dir });
    expect(project.code).toBe(2);
    expect(project.stderr).toContain(`--clean-dir would delete ${dir}, which holds the working folder`);
    expect(readdirSync(dir)).toContain('index.js');
    // A file is refused, and --clean-dir leaves it where it is.
    writeFileSync(path.join(dir, 'notes.txt'), 'mine');
    for (const clean of [[], ['--clean-dir']]) {
      const file = await runMain(['size', '--save-bundle', 'notes.txt', ...clean, '--out', path.join(dir, 'out')], { cwd: dir });
      expect(file.code).toBe(2);
      expect(file.stderr).toContain(`--save-bundle ${path.join(dir, 'notes.txt')}: is a file, not a folder.`);
      expect(readFileSync(path.join(dir, 'notes.txt'), 'utf8')).toBe('mine');
    }
    const alone = await runMain(['size', '--clean-dir', '--out', path.join(dir, 'out')], { cwd: dir });
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('--clean-dir empties the --save-bundle folder: give --save-bundle DIR too');
  }, 60_000);

  it('--save-bundle with webpack keeps what size-limit keeps: the bundle, without the source map perfgate reads its sources from', async () => {
    const { dir } = await bothSave('webpack');
    expect(held(path.join(dir, 'ours', 'small'))).toEqual(held(path.join(dir, 'theirs')));
    // The map was read all the same: the sources are told.
    const [small] = readResults(path.join(dir, 'out')).budgets as Array<{ sources?: Array<{ name: string }> }>;
    expect(small?.sources?.map((p) => p.name)).toEqual(expect.arrayContaining(['index.js']));
  }, 60_000);

  it('bundles with webpack as size-limit does where the package lists its plugin (preset-big-lib): imports, module concatenation off, the entry points of a webpack config', async () => {
    const dir = library(['@size-limit/webpack']);
    writeFileSync(path.join(dir, 'admin.js'), "import { big } from './index.js';\nconsole.log(big([1, 2, 3]));\n");
    writeFileSync(
      path.join(dir, 'webpack.config.js'),
      [
        "import path from 'node:path';",
        'const here = path.dirname(new URL(import.meta.url).pathname);',
        "export default { mode: 'production', entry: { main: './index.js', admin: './admin.js' }, context: here, externals: { react: 'React' }, output: { path: path.join(here, 'webpack-out') } };",
      ].join('\n'),
    );
    writeFileSync(
      path.join(dir, '.size-limit.json'),
      JSON.stringify([
        { name: 'small', import: '{ small }', limit: '100 B' },
        { name: 'whole', path: 'index.js', limit: '150 B' },
        { name: 'not concatenated', import: '{ small }', disableModuleConcatenation: true, limit: '1 kB', gzip: true },
        // (size-limit 12 needs a path beside entry points; the config's entry points are what is bundled.)
        { name: 'admin', path: 'admin.js', entry: 'admin', config: 'webpack.config.js', limit: '10 kB' },
        { name: 'files as they are', path: 'index.js', webpack: false, limit: '100 B' },
        { name: 'admin, mapped', path: 'admin.js', entry: 'admin', config: 'webpack.mapped.config.js', limit: '10 kB' },
      ]),
    );
    // The same config, making source maps of its own.
    writeFileSync(
      path.join(dir, 'webpack.mapped.config.js'),
      "import config from './webpack.config.js';\nimport path from 'node:path';\nexport default { ...config, devtool: 'hidden-source-map', output: { path: path.join(config.context, 'webpack-mapped') } };\n",
    );
    const theirs = await bothMeasure(dir);
    expect(theirs.map((c) => c.passed)).toEqual([true, true, true, true, false, true]);
    // What the sizes say: webpack shakes an entry's unused exports out (the whole file bundles smaller than it is),
    // keeps the module's wrapper without concatenation, and bundles what the admin entry uses.
    const size = Object.fromEntries(theirs.map((c) => [c.name, c.size]));
    expect(size.whole).toBeLessThan(size['files as they are'] as number);
    expect(size['not concatenated']).toBeGreaterThan(size.small as number);
    expect(size.admin).toBeGreaterThan(size.whole as number);
    expect(readResults(path.join(dir, 'out')).budgets.map((b: { message: string }) => b.message)).toEqual([
      'bundled with webpack: import { small } from index.js',
      'bundled with webpack: index.js',
      'bundled with webpack: import { small } from index.js',
      'bundled with webpack: admin of webpack.config.js',
      '1 file: index.js',
      'bundled with webpack: admin of webpack.mapped.config.js',
    ]);
    // Each source's share, from a source map webpack writes beside the bundle (its size unchanged: the same JSON as
    // size-limit's above); size-limit's import entry by one name. A webpack config of the project's own is left as it is.
    const sources = Object.fromEntries(
      readResults(path.join(dir, 'out')).budgets.map((b: { page: string; sources?: Array<{ name: string }> }) => [b.page, b.sources?.map((p) => p.name)]),
    );
    expect(sources.small).toEqual(expect.arrayContaining(['index.js', "(size-limit's import)"]));
    expect(sources.small?.some((name: string) => name.includes('size-limit-') || name.startsWith('external '))).toBe(false);
    // The admin entry's own webpack config writes into the project: it is left as it is (it makes no source map, so no sources).
    expect(sources.admin).toBeUndefined();
    expect(readdirSync(path.join(dir, 'webpack-out')).filter((name) => name.endsWith('.map'))).toEqual([]);
    // Its own source maps tell the sources.
    expect(sources['admin, mapped']).toEqual(expect.arrayContaining(['admin.js', 'index.js']));
    const why = await runMain(['size', '--why', '--out', path.join(dir, 'why')], { cwd: dir });
    expect(why.stdout).toMatch(/\n {2}small, by source \(before compression\): .*index\.js \d+ B/);
  }, 120_000);

  it('keeps the source maps a check’s modifyWebpackConfig asks for, whose comment size-limit counts: the same sizes as size-limit', async () => {
    const dir = library(['@size-limit/webpack']);
    writeFileSync(
      path.join(dir, '.size-limit.js'),
      [
        'const mapped = (config) => ({ ...config, devtool: "source-map" });',
        'export default [',
        '  { name: "mapped", import: "{ small }", limit: "1 kB", modifyWebpackConfig: mapped },',
        '  { name: "plain", import: "{ small }", limit: "1 kB" },',
        '  { name: "whole", path: "index.js", limit: "10 B" },',
        '];',
      ].join('\n'),
    );
    const theirs = await bothMeasure(dir);
    // The map's comment (//# sourceMappingURL=index.js.map) is in the bundle measured.
    const size = Object.fromEntries(theirs.map((c) => [c.name, c.size]));
    expect(size.mapped).toBeGreaterThan((size.plain as number) + 20);
  }, 60_000);

  /** perfgate size --json with these budgets.json bundles prints what size-limit --json printed on the folder's size-limit config. */
  async function budgetsMeasureAsSizeLimit(
    dir: string,
    bundles: unknown[],
    theirs: Array<{ name: string; size: number }>,
    byteOrTwo: string[] = [],
  ): Promise<void> {
    const budgets = writeJson(dir, 'budgets.json', { bundles });
    const ours = await runMain(['size', '--budgets', budgets, '--json', '--out', path.join(dir, 'from-budgets')], { cwd: dir });
    expect(ours.code, ours.stderr).toBe(1);
    expect(ours.stderr).not.toContain('warning');
    expectSameJson(JSON.parse(ours.stdout), theirs, byteOrTwo);
  }

  it('bundles budgets.json’s bundles with size-limit’s plugins too ("import", "bundler", "entry", ...): the sizes size-limit prints for the same checks', async () => {
    const dir = library(['@size-limit/esbuild']);
    writeFileSync(
      path.join(dir, '.size-limit.json'),
      JSON.stringify([
        { name: 'small', import: '{ small }', limit: '100 B' },
        { name: 'whole', path: 'index.js', limit: '150 B' },
        { name: 'with react', import: { 'index.js': '{ element }', react: '{ createElement }' }, limit: '100 kB', brotli: false },
      ]),
    );
    await budgetsMeasureAsSizeLimit(
      dir,
      [
        // Without a path, as size-limit's check: package.json's main file.
        { name: 'small', import: '{ small }', error: '100 B' },
        { name: 'whole', path: 'index.js', bundler: 'esbuild', error: '150 B' },
        { name: 'with react', path: 'index.js', import: { 'index.js': '{ element }', react: '{ createElement }' }, error: '100 kB', compression: 'none' },
      ],
      await bothMeasure(dir),
    );
    expect(readResults(path.join(dir, 'from-budgets')).budgets.map((b: { message: string }) => b.message)).toEqual([
      'bundled with esbuild: import { small } from index.js',
      'bundled with esbuild: index.js',
      'bundled with esbuild: import { element } from index.js, { createElement } from react',
    ]);

    const webpackDir = library(['@size-limit/webpack']);
    writeFileSync(path.join(webpackDir, 'admin.js'), "import { big } from './index.js';\nconsole.log(big([1, 2, 3]));\n");
    writeFileSync(
      path.join(webpackDir, 'webpack.config.js'),
      "import path from 'node:path';\nconst here = path.dirname(new URL(import.meta.url).pathname);\nexport default { mode: 'production', entry: { admin: './admin.js' }, context: here, externals: { react: 'React' }, output: { path: path.join(here, 'webpack-out') } };\n",
    );
    writeFileSync(
      path.join(webpackDir, '.size-limit.json'),
      JSON.stringify([
        { name: 'not concatenated', import: '{ small }', disableModuleConcatenation: true, limit: '1 kB', gzip: true },
        { name: 'admin', path: 'admin.js', entry: 'admin', config: 'webpack.config.js', limit: '10 kB' },
        { name: 'whole', path: 'index.js', limit: '10 B' },
      ]),
    );
    const theirs = await bothMeasure(webpackDir, ['not concatenated']);
    // (A webpack config's entry points need no path in budgets.json; size-limit 12 asks for one.)
    await budgetsMeasureAsSizeLimit(
      webpackDir,
      [
        { name: 'not concatenated', import: '{ small }', disableModuleConcatenation: true, error: '1 kB', compression: 'gzip' },
        { name: 'admin', entry: 'admin', config: 'webpack.config.js', error: '10 kB' },
        { name: 'whole', path: 'index.js', bundler: 'webpack', error: '10 B' },
      ],
      theirs,
      ['not concatenated'],
    );
  }, 120_000);

  it.each([
    [
      'a bundler option of the other bundler',
      { name: 'x', path: 'index.js', bundler: 'esbuild', entry: 'main', error: '1 kB' },
      'bundles[0].entry: is an option of size-limit\'s webpack plugin, but this check is bundled with esbuild ("bundler" says so)',
      'write "bundler": "webpack"',
    ],
    ['no path, measured as it is', { name: 'x', error: '1 kB' }, 'bundles[0].path: is missing', 'the built files to measure'],
    ['entry points without a config', { name: 'x', entry: 'admin', error: '1 kB' }, 'bundles[0].entry: names entry points', 'add "config"'],
    ['an import that is not one', { name: 'x', path: 'index.js', import: ['a'], error: '1 kB' }, 'bundles[0].import', ''],
    ['a bundler perfgate does not know', { name: 'x', path: 'index.js', bundler: 'rollup', error: '1 kB' }, 'bundles[0].bundler', 'esbuild'],
    [
      'a config hook, which JSON cannot hold',
      { name: 'x', path: 'index.js', modifyEsbuildConfig: 'x', error: '1 kB' },
      'bundles[0].modifyEsbuildConfig: unknown key',
      '',
    ],
  ])('budgets.json with %s is exit 2 naming the key', async (_, bundle, what, fix) => {
    const dir = library(['@size-limit/esbuild']);
    const budgets = writeJson(dir, 'budgets.json', { bundles: [bundle] });
    const result = await runMain(['size', '--budgets', budgets, '--out', path.join(dir, 'out')], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(budgets);
    expect(result.stderr).toContain(what);
    expect(result.stderr).toContain(fix);
  });

  it('computes the loading time on the network of size-limit’s time option, as size-limit does', async () => {
    const dir = project();
    writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({ name: 'app', private: true, devDependencies: { '@size-limit/file': '12.1.0', '@size-limit/time': '12.1.0' } }),
    );
    writeFileSync(
      path.join(dir, '.size-limit.json'),
      JSON.stringify([
        { name: 'slow 3G', path: 'dist/big.js', limit: '10 s', running: false },
        { name: 'fast', path: 'dist/big.js', limit: '5 s', running: false, time: { networkSpeed: '100 kB', latency: '300 ms', loadingMessage: 'on fast 4G' } },
        { name: 'far', path: 'dist/*.js', limit: '500 ms', running: false, time: { latency: 0.6 } },
      ]),
    );
    // A script that does not compress, for loading times of seconds.
    writeFileSync(path.join(dir, 'dist', 'big.js'), `export const data = ${JSON.stringify(randomBytes(150_000).toString('base64'))};\n`);
    const sizeLimit = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/size-limit/bin.js'), '--json'], { cwd: dir, encoding: 'utf8' });
    expect(sizeLimit.status, sizeLimit.stderr).toBe(1);
    const theirs = JSON.parse(sizeLimit.stdout) as Array<{ name: string; size: number; loading: number; passed: boolean }>;
    const json = await runMain(['size', '--json', '--out', path.join(dir, 'out')], { cwd: dir });
    expect(json.code, json.stderr).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual(theirs);
    expect(theirs.map((c) => c.passed)).toEqual([true, true, false]);
    // (size-limit --json rounds to 10 ms.)
    const [slow, fast, far] = theirs;
    expect(slow?.loading).toBeCloseTo((slow?.size ?? 0) / (50 * 1024), 2);
    expect(fast?.loading).toBeCloseTo((fast?.size ?? 0) / 100_000 + 0.3, 2);
    expect(far?.loading).toBeCloseTo((far?.size ?? 0) / (50 * 1024) + 0.6, 2);
    expect(readResults(path.join(dir, 'out')).budgets.map((b: { message: string }) => b.message.replace(/\d+ ms/, 'N ms'))).toEqual([
      'loading N ms on slow 3G',
      'loading N ms on fast 4G',
      'loading N ms on slow 3G with 600 ms latency',
    ]);
  }, 60_000);
});
