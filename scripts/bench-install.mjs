#!/usr/bin/env node
// npm run bench:install [-- --before <git ref>]
// What installing perfgate costs a new user: packs this checkout and, with --before, the given
// commit (built in a temporary worktree), installs each tarball into an empty project with
// `npm install <tarball>` (npm's cache as it is on this machine, --prefer-offline, scripts run as
// a user's install runs them), one after the other, and prints the wall time, the size of
// node_modules and the number of packages, side by side.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const i = process.argv.indexOf('--before');
const before = i > 0 ? process.argv[i + 1] : null;
const work = mkdtempSync(path.join(os.tmpdir(), 'perfgate-bench-install-'));

/** Packs the package in `dir` (built there first when `build`) and returns the tarball's path. */
function pack(dir, name, build) {
  if (build) execFileSync('npm', ['run', 'build'], { cwd: dir, stdio: 'ignore' });
  const out = path.join(work, `pack-${name}`);
  execFileSync('mkdir', ['-p', out]);
  execFileSync('npm', ['pack', '--pack-destination', out, '--ignore-scripts'], { cwd: dir, stdio: 'ignore' });
  return path.join(
    out,
    readdirSync(out).find((f) => f.endsWith('.tgz')),
  );
}

/** Installs a tarball into an empty project: seconds, bytes of node_modules, packages. */
function install(tarball, name) {
  // A folder name without spaces or parentheses: node-gyp's make cannot build in one.
  const project = path.join(work, `project-${name.replace(/[^\w.-]+/g, '-')}`);
  execFileSync('mkdir', ['-p', project]);
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'scratch', private: true }));
  const started = process.hrtime.bigint();
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', tarball], {
    cwd: project,
    env: { ...process.env, PUPPETEER_SKIP_DOWNLOAD: 'true' },
    encoding: 'utf8',
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`npm install of ${name} failed:\n${result.stderr}`);
  const bytes = Number(execFileSync('du', ['-sb', path.join(project, 'node_modules')], { encoding: 'utf8' }).split('\t')[0]);
  // npm's hidden lockfile lists every installed package.
  const lock = JSON.parse(readFileSync(path.join(project, 'node_modules', '.package-lock.json'), 'utf8'));
  const packages = Object.keys(lock.packages).filter((key) => key.startsWith('node_modules/')).length;
  return { name, seconds, megabytes: bytes / 1e6, packages };
}

const rows = [];
if (before) {
  const worktree = path.join(work, 'before');
  execFileSync('git', ['worktree', 'add', '-q', '--detach', worktree, before], { cwd: root });
  // Built with this checkout's packages when its lockfile is the same; else with its own (scripts
  // skipped: the build needs TypeScript and esbuild, not the native addons).
  const lock = (dir) => readFileSync(path.join(dir, 'package-lock.json'), 'utf8');
  if (lock(worktree) === lock(root)) symlinkSync(path.join(root, 'node_modules'), path.join(worktree, 'node_modules'));
  else
    execFileSync('npm', ['ci', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: worktree,
      stdio: 'ignore',
      env: { ...process.env, PUPPETEER_SKIP_DOWNLOAD: 'true' },
    });
  try {
    rows.push(install(pack(worktree, 'before', true), `before (${before})`));
  } finally {
    execFileSync('git', ['worktree', 'remove', '--force', worktree], { cwd: root });
  }
}
rows.push(install(pack(root, 'now', false), 'now'));
console.log('| install | wall time | node_modules | packages |');
console.log('| --- | --- | --- | --- |');
for (const r of rows) console.log(`| ${r.name} | ${r.seconds.toFixed(1)} s | ${r.megabytes.toFixed(1)} MB | ${r.packages} |`);
rmSync(work, { recursive: true, force: true });
