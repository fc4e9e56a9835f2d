import { stripVTControlCharacters } from 'node:util';
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadBudgetsWithBundles } from '../../src/config/load-budgets.js';
import { fromSizeLimit } from '../../src/config/size-limit-config.js';
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
  ])('reads %s', (_, check, expected) => {
    const { bundles, problems, warnings } = convert([check]);
    expect(problems).toEqual([]);
    expect(warnings).toEqual([]);
    expect(bundles).toEqual([expect.objectContaining({ baseDir: '/site', at: '[0]', ...expected })]);
  });

  it('skips a check without a limit (size-limit only reports it) and ignores options about its own output, saying so', () => {
    const { bundles, problems, warnings } = convert([
      { name: 'reported', path: 'dist/a.js' },
      { name: 'kept', path: 'dist/b.js', limit: '2 kB', message: 'too big', hidePassed: true },
    ]);
    expect(problems).toEqual([]);
    expect(bundles.map((b) => [b.name, b.at])).toEqual([['kept', '[1]']]);
    expect(warnings).toEqual([
      '[0] ("reported") has no "limit": size-limit only reports it, so perfgate skips it.',
      '[1].message is ignored: perfgate writes its own messages.',
      '[1].hidePassed is ignored: size-limit reads it from its command line only; perfgate size --hide-passed hides passing bundles, and the review shows them collapsed.',
    ]);
  });

  it.each([
    ['an option of webpack', [{ path: 'index.js', entry: 'main', limit: '1 kB' }], '[0].entry', 'needs a bundler plugin of size-limit'],
    ['an import that is not a string of names', [{ path: 'index.js', import: ['a'], limit: '1 kB' }], '[0].import', 'is not what to import'],
    ['an ignore that is not a list', [{ path: 'index.js', ignore: 'react', limit: '1 kB' }], '[0].ignore', 'is not a list of package names'],
    [
      'a modifyEsbuildConfig that is not a function',
      [{ path: 'index.js', modifyEsbuildConfig: {}, limit: '1 kB' }],
      '[0].modifyEsbuildConfig',
      'is not a function',
    ],
    ['a typo', [{ path: 'index.js', limt: '1 kB' }], '[0].limt', 'unknown size-limit option "limt"'],
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

  it.each([
    [
      'an import from the check’s file, peer dependencies left out of the bundle',
      { path: 'index.js', import: '{ a }', ignore: ['lodash'] },
      { main: null, peers: ['react'], bundler: null },
      { import: { 'index.js': '{ a }' }, ignore: ['react', 'lodash'], config: null, modify: null },
    ],
    [
      'an import from a peer dependency, which is then bundled',
      { path: 'index.js', import: { react: '{ createElement }' } },
      { main: null, peers: ['react', 'react-dom'], bundler: null },
      { import: { react: '{ createElement }' }, ignore: ['react-dom'], config: null, modify: null },
    ],
    [
      'no esbuild option, in a package that lists the esbuild plugin: bundled, as size-limit bundles every check then',
      { path: 'index.js' },
      { main: null, peers: [], bundler: 'esbuild' as const },
      { import: null, ignore: [], config: null, modify: null },
    ],
    [
      'an esbuild config file',
      { path: 'index.js', config: 'esbuild.config.js' },
      { main: null, peers: [], bundler: null },
      expect.objectContaining({ config: 'esbuild.config.js' }),
    ],
  ])('bundles with esbuild %s', (_, check, pkg, esbuild) => {
    const problems: ConfigProblem[] = [];
    const bundles = fromSizeLimit([{ limit: '1 kB', ...check }], '/site', problems, [], pkg);
    expect(problems).toEqual([]);
    expect(bundles[0]?.esbuild).toEqual(esbuild);
  });

  it('measures files as they are without esbuild options or plugin; takes package.json’s main for a check without a path, as size-limit does', () => {
    const problems: ConfigProblem[] = [];
    const warnings: string[] = [];
    const bundles = fromSizeLimit([{ name: 'main', limit: '1 kB' }], '/site', problems, warnings, { main: 'lib/index.js', peers: ['react'], bundler: null });
    expect(problems).toEqual([]);
    expect(bundles).toEqual([expect.objectContaining({ patterns: ['lib/index.js'] })]);
    expect(bundles[0]).not.toHaveProperty('esbuild');
    expect(fromSizeLimit([{ limit: '1 kB' }], '/site', [], [])[0]?.patterns).toEqual(['index.js']);
    // A package with webpack's plugin: size-limit's sizes are webpack bundles', which perfgate says it does not make.
    fromSizeLimit([{ path: 'index.js', limit: '1 kB' }], '/site', problems, warnings, { main: null, peers: [], bundler: 'webpack' });
    expect(warnings).toEqual([expect.stringContaining("package.json lists size-limit's webpack plugin")]);
  });
});

describe('loadBudgetsWithBundles', () => {
  it('takes the bundles of budgets.json when it has some, else the checks of size-limit’s config beside it', () => {
    const dir = tempDir();
    writeJson(dir, '.size-limit.json', [{ name: 'from size-limit', path: 'dist/*.js', limit: '5 kB' }]);
    writeJson(dir, 'budgets.json', { budgets: [{ path: '/*', timings: { interactive: 5000 } }] });
    const merged = loadBudgetsWithBundles(dir, 'budgets.json');
    expect(merged?.budgets).toHaveLength(1);
    expect(merged?.bundles.map((b) => b.name)).toEqual(['from size-limit']);
    expect(merged?.bundlesFile).toBe(path.join(dir, '.size-limit.json'));

    writeJson(dir, 'budgets.json', { bundles: [{ name: 'own', path: 'dist/*.js', error: '9 kB' }] });
    const own = loadBudgetsWithBundles(dir, 'budgets.json');
    expect(own?.bundles.map((b) => b.name)).toEqual(['own']);
    expect(own?.bundlesFile).toBe(path.join(dir, 'budgets.json'));
  });

  it('reads package.json’s "size-limit" first, as size-limit does, loads a JavaScript config, and only warns about one in TypeScript', () => {
    const dir = tempDir();
    writeJson(dir, 'package.json', { name: 'app', devDependencies: { 'size-limit': '12.1.0' }, 'size-limit': [{ path: 'index.js', limit: '1 kB' }] });
    writeJson(dir, '.size-limit.json', [{ name: 'second', path: 'index.js', limit: '1 kB' }]);
    expect(loadBudgetsWithBundles(dir, 'budgets.json')?.bundlesFile).toBe(`${path.join(dir, 'package.json')} ("size-limit")`);

    const code = tempDir();
    writeFileSync(path.join(code, '.size-limit.js'), 'module.exports = [{ path: "index.js", limit: "1 kB" }]');
    writeJson(code, 'budgets.json', { budgets: [{ path: '/*', timings: { interactive: 5000 } }] });
    const budgets = loadBudgetsWithBundles(code, 'budgets.json');
    expect(budgets?.bundlesFile).toBe(path.join(code, '.size-limit.js'));
    expect(budgets?.bundles.map((b) => [b.name, b.patterns, b.size])).toEqual([['index.js', ['index.js'], { warn: null, error: 1000 }]]);

    const typed = tempDir();
    writeFileSync(path.join(typed, '.size-limit.ts'), 'export default [{ path: "index.js", limit: "1 kB" }]');
    const none = loadBudgetsWithBundles(typed, 'budgets.json');
    expect(none).toBeNull();
    writeJson(typed, 'budgets.json', { budgets: [{ path: '/*', timings: { interactive: 5000 } }] });
    expect(loadBudgetsWithBundles(typed, 'budgets.json')?.warnings).toEqual([
      expect.stringContaining(`${path.join(typed, '.size-limit.ts')} is a size-limit config in TypeScript, which perfgate does not run`),
    ]);
  });

  it('a JavaScript config that throws is exit 2 naming it', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, '.size-limit.cjs'), 'throw new Error("BUILD_DIR is not set")');
    expect(() => loadBudgetsWithBundles(dir, 'budgets.json')).toThrow(
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

  it('bundles a library’s checks with esbuild as size-limit does (import, peer dependencies left out, every check once its plugin is listed): the sizes size-limit prints, the same exit', async () => {
    const dir = project();
    writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({
        name: 'lib',
        private: true,
        type: 'module',
        main: 'index.js',
        peerDependencies: { react: '*' },
        devDependencies: { '@size-limit/esbuild': '12.1.0', '@size-limit/file': '12.1.0' },
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
    const libChecks = [
      { name: 'small', import: '{ small }', limit: '100 B' },
      { name: 'whole', path: 'index.js', limit: '150 B' },
      { name: 'element', import: '{ element }', limit: '1 kB', gzip: true },
      { name: 'with react', import: { 'index.js': '{ element }', react: '{ createElement }' }, limit: '100 kB', brotli: false },
    ];
    writeFileSync(path.join(dir, '.size-limit.json'), JSON.stringify(libChecks));
    const sizeLimit = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/size-limit/bin.js'), '--json'], { cwd: dir, encoding: 'utf8' });
    expect(sizeLimit.status, sizeLimit.stderr).toBe(1);
    const theirs = JSON.parse(sizeLimit.stdout) as Array<{ name: string; size: number; passed: boolean }>;
    const json = await runMain(['size', '--json', '--out', path.join(dir, 'out')], { cwd: dir });
    expect(json.code, json.stderr).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual(theirs);
    // What the sizes say: the one export alone is smaller than the whole file, React is left out until imported by name.
    const size = Object.fromEntries(theirs.map((c) => [c.name, c.size]));
    expect(theirs.map((c) => c.passed)).toEqual([true, false, true, true]);
    expect(size.small).toBeLessThan(size.whole as number);
    expect(size['with react']).toBeGreaterThan(5_000);
    expect(size.element).toBeLessThan(200);
    expect(readResults(path.join(dir, 'out')).budgets.map((b: { page: string; message: string }) => [b.page, b.message])).toEqual([
      ['small', 'bundled with esbuild: import { small } from index.js'],
      ['whole', 'bundled with esbuild: index.js'],
      ['element', 'bundled with esbuild: import { element } from index.js'],
      ['with react', 'bundled with esbuild: import { element } from index.js, { createElement } from react'],
    ]);

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

    // An import of a name the file does not export is exit 2 naming the check and esbuild's reason.
    writeFileSync(path.join(dir, '.size-limit.json'), JSON.stringify([{ name: 'typo', import: '{ smal }', limit: '1 kB' }]));
    const typo = await runMain(['size', '--out', path.join(dir, 'out')], { cwd: dir });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain(`${path.join(dir, '.size-limit.json')}: [0]: size-limit's esbuild plugin could not bundle it:`);
    expect(typo.stderr).toContain('No matching export in');
  }, 60_000);
});
