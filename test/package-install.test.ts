import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXPECTED_LIGHTHOUSE, ROOT, tempDir } from './helpers.js';

/** Runs a command in the scratch project as a user would, with its output and exit code. */
function sh(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd, env: { ...process.env, NO_COLOR: '1', PUPPETEER_SKIP_DOWNLOAD: 'true', ...env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, out: `${stdout}${stderr}` }),
    );
  });
}

const page = (title: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="description" content="${title}"></head><body><h1>${title}</h1><p>A page of a small site.</p></body></html>`;

describe('the package as it is published', () => {
  it('passes publint and arethetypeswrong (ESM only; the RUM script files are for <script> tags, without types)', () => {
    expect(execFileSync(path.join(ROOT, 'node_modules/.bin/publint'), ['--strict'], { cwd: ROOT, encoding: 'utf8' })).toContain('All good!');
    const attw = path.join(ROOT, 'node_modules/.bin/attw');
    const scripts = ['./rum/perfgate-rum.js', './rum/perfgate-rum.attribution.js', './rum/perfgate-rum-loader.js'];
    // Throws (exit 1) on any problem.
    execFileSync(attw, ['--pack', '.', '--profile', 'esm-only', '--exclude-entrypoints', ...scripts, '--format', 'ascii'], { cwd: ROOT, encoding: 'utf8' });
  }, 120_000);
});

describe('a new user: the packed tarball installed into an empty project', () => {
  const project = tempDir('perfgate-scratch-');
  let installed: { code: number; out: string };

  beforeAll(async () => {
    const packed = tempDir('perfgate-pack-');
    execFileSync('npm', ['pack', '--pack-destination', packed, '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
    const tarball = path.join(packed, readdirSync(packed).find((f) => f.endsWith('.tgz')) as string);
    writeFileSync(path.join(project, 'package.json'), `${JSON.stringify({ name: 'scratch', private: true, type: 'commonjs' }, null, 2)}\n`);
    // --engine-strict: every package installed must declare the Node versions perfgate supports (a
    // dependency that requires Node 22 fails the install here, on Node 20, as it fails for such users).
    installed = await sh('npm', ['install', '--engine-strict', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', tarball], project);
    for (const [file, title] of [
      ['dist/index.html', 'Home'],
      ['dist/about/index.html', 'About'],
    ] as const) {
      mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
      writeFileSync(path.join(project, file), page(title));
    }
  }, 600_000);

  it('installs without the optional drivers, Lighthouse CI or react', () => {
    expect(installed.code, installed.out).toBe(0);
    const modules = path.join(project, 'node_modules');
    expect(existsSync(path.join(modules, 'perfgate', 'dist', 'cli.js'))).toBe(true);
    for (const absent of ['better-sqlite3', 'pg', '@lhci/cli', 'react', 'express']) expect(existsSync(path.join(modules, absent)), absent).toBe(false);
  });

  it('imports every entry point without the optional packages (they load when a store is opened)', async () => {
    const code =
      "Promise.all(['perfgate', 'perfgate/lhci', 'perfgate/collector', 'perfgate/rum'].map((m) => import(m))).then((ms) => console.log(ms.map((m) => Object.keys(m).length > 0).join(' ')))";
    const imported = await sh(process.execPath, ['-e', code], project);
    expect(imported.code, imported.out).toBe(0);
    expect(imported.out.trim()).toBe('true true true true');
  });

  it('npx perfgate --help lists the commands', async () => {
    const help = await sh('npx', ['perfgate', '--help'], project);
    expect(help.code, help.out).toBe(0);
    for (const command of ['init', 'check', 'run', 'assert', 'size', 'collector', 'compare', 'comment', 'upload', 'backup'])
      expect(help.out).toMatch(new RegExp(`\\n  ${command}\\b`));
  });

  it('perfgate init, perfgate check, then perfgate run on its two pages, in real Chromium; lighthouserc.cjs loads', async () => {
    const init = await sh('npx', ['perfgate', 'init', '--no-workflow'], project);
    expect(init.code, init.out).toBe(0);
    expect(init.out).toContain('wrote  pages.json (2 pages: home /, about /about/)');
    const rc = await sh(process.execPath, ['-e', "console.log(JSON.stringify(require('./lighthouserc.cjs').ci.collect))"], project);
    expect(rc.code, rc.out).toBe(0);
    expect(JSON.parse(rc.out)).toMatchObject({ staticDistDir: expect.stringContaining('dist') });
    // What init wrote is in place, as the installed package finds it (its Lighthouse, this machine's Chrome).
    const check = await sh('npx', ['perfgate', 'check'], project);
    expect(check.code, check.out).toBe(0);
    expect(check.out).toContain('✔ pages.json: 2 pages on the folder dist');
    expect(check.out).toContain(`✔ Lighthouse ${EXPECTED_LIGHTHOUSE}: node_modules/lighthouse`);
    expect(check.out).toMatch(/✔ about http:\/\/127\.0\.0\.1:\d+\/about\/: answers 200/);
    const run = await sh('npx', ['perfgate', 'run', '--runs', '1'], project);
    expect(run.code, run.out).toBe(0);
    const results = JSON.parse(readFileSync(path.join(project, '.perfgate', 'results.json'), 'utf8'));
    expect(results.pages.map((p: { name: string; error: unknown; measuredRuns: number }) => [p.name, p.error, p.measuredRuns])).toEqual([
      ['home', null, 1],
      ['about', null, 1],
    ]);
    // Every starter budget of both pages measured and within its error level; a warning depends on the machine's speed.
    expect(results.budgets).toHaveLength(12);
    expect(results.budgets.filter((b: { actual: number | null; status: string }) => b.actual === null || ['fail', 'error'].includes(b.status))).toEqual([]);
  }, 180_000);

  it('perfgate init names a Lighthouse CI preset it cannot import without Lighthouse CI installed, and imports the rest', async () => {
    const folder = path.join(project, 'from-lhci');
    mkdirSync(path.join(folder, 'dist'), { recursive: true });
    writeFileSync(path.join(folder, 'dist', 'index.html'), page('Home'));
    const assert = { preset: 'lighthouse:recommended', assertions: { 'largest-contentful-paint': ['error', { maxNumericValue: 2500 }] } };
    writeFileSync(path.join(folder, 'lighthouserc.json'), JSON.stringify({ ci: { collect: { staticDistDir: './dist' }, assert } }));
    const init = await sh('npx', ['perfgate', 'init', '--no-workflow'], folder);
    expect(init.code, init.out).toBe(0);
    expect(init.out).toContain(
      'note   ci.assert.preset: "lighthouse:recommended" is not imported: its assertions come with Lighthouse CI, which is not installed here',
    );
    expect(JSON.parse(readFileSync(path.join(folder, 'budgets.json'), 'utf8')).budgets).toEqual([
      { path: '/*', timings: { 'largest-contentful-paint': 2500 } },
    ]);
  });

  it('perfgate collector without better-sqlite3 names the package to install, exit 2', async () => {
    const collector = await sh('npx', ['perfgate', 'collector', '--port', '0', '--db', 'field.db'], project);
    expect(collector.code, collector.out).toBe(2);
    expect(collector.out).toContain(
      'The collector’s SQLite store (--db) needs the package better-sqlite3, which is not installed (perfgate leaves it optional). Install it: npm install better-sqlite3',
    );
  });

  it('perfgate size and check of a library check (size-limit’s import) without @size-limit/esbuild name the package to install, exit 2', async () => {
    const lib = path.join(project, 'lib');
    mkdirSync(lib, { recursive: true });
    writeFileSync(path.join(lib, 'index.js'), 'export const a = 1;\n');
    writeFileSync(path.join(lib, '.size-limit.json'), JSON.stringify([{ name: 'a', path: 'index.js', import: '{ a }', limit: '1 kB' }]));
    const size = await sh('npx', ['perfgate', 'size'], lib);
    expect(size.code, size.out).toBe(2);
    expect(size.out).toContain(
      "[0] is bundled with esbuild before it is measured (import, ignore, config or modifyEsbuildConfig, or the plugin listed in package.json), which needs size-limit's esbuild plugin. Install it: npm install --save-dev @size-limit/esbuild",
    );
    // perfgate check says so too, before anything is measured.
    const check = await sh('npx', ['perfgate', 'check'], lib);
    expect(check.code, check.out).toBe(2);
    expect(check.out).toContain(
      `✖ ${path.join(lib, '.size-limit.json')}: [0] is bundled with esbuild before it is measured (import, ignore, config or modifyEsbuildConfig, or the plugin listed in package.json), which needs size-limit's esbuild plugin`,
    );
  });

  it('perfgate size of a size-limit config in TypeScript without jiti names the package to install, exit 2 (size-limit loads it with jiti too)', async () => {
    const typed = path.join(project, 'typed');
    mkdirSync(typed, { recursive: true });
    writeFileSync(path.join(typed, 'index.js'), 'export const a = 1;\n');
    writeFileSync(path.join(typed, '.size-limit.ts'), 'export default [{ path: "index.js", limit: "1 kB" }];\n');
    const size = await sh('npx', ['perfgate', 'size'], typed);
    expect(size.code, size.out).toBe(2);
    expect(size.out).toContain(
      `${path.join(typed, '.size-limit.ts')} is a size-limit config in TypeScript, which size-limit and perfgate load with jiti, not installed here. Install it: npm install --save-dev jiti`,
    );
  });

  it('perfgate collector with better-sqlite3 installed without its install script says how to build it, exit 2', async () => {
    const version = JSON.parse(readFileSync(path.join(ROOT, 'node_modules', 'better-sqlite3', 'package.json'), 'utf8')).version;
    const added = await sh(
      'npm',
      ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', `better-sqlite3@${version}`],
      project,
    );
    expect(added.code, added.out).toBe(0);
    const collector = await sh('npx', ['perfgate', 'collector', '--port', '0', '--db', 'field.db'], project);
    expect(collector.code, collector.out).toBe(2);
    expect(collector.out).toContain("needs better-sqlite3's native build, which is missing");
    expect(collector.out).toContain('Build it: npm rebuild better-sqlite3');
    expect(existsSync(path.join(project, 'field.db'))).toBe(false);
  }, 120_000);
});
