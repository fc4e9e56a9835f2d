#!/usr/bin/env node
// npm run demo: build the example site, make sure a Chrome is there, run perfgate over its pages.
// The sale page is slow on purpose, so the demo shows failing budgets and still exits 0.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = (command, args, options = {}) => spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options }).status;

if (!existsSync(path.join(root, 'dist/cli.js')) && run('npm', ['run', 'build']) !== 0) process.exit(1);
if (run(process.execPath, ['example/build.mjs']) !== 0) process.exit(1);

const { findChrome } = await import(path.join(root, 'dist/lab/find-chrome.js'));
try {
  console.log(`Chrome: ${findChrome()}`);
} catch {
  const hasAptGet = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (process.getuid?.() === 0 && hasAptGet) {
    console.log("No Chrome or Chromium found. Installing Debian's chromium with apt-get (running as root)...");
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    if (run('apt-get', ['update', '-qq'], { env }) !== 0 || run('apt-get', ['install', '-y', '-qq', 'chromium'], { env }) !== 0) process.exit(2);
    console.log(`Chrome: ${findChrome()}`);
  } else {
    console.error(
      'No Chrome or Chromium found. Install one, then run the demo again:\n  sudo apt-get install -y chromium\n(or set CHROME_PATH to a Chrome executable)',
    );
    process.exit(2);
  }
}

console.log(
  '\nperfgate run --runs 3  (pages.json: home, products, a sale page that is slow on purpose, an account page behind a login,\n  and a user flow "filter products" whose filter is slow on purpose)\n',
);
const code = run(process.execPath, ['dist/cli.js', 'run', '--runs', '3']);
if (code === 1) {
  console.log("\nThe sale page and the flow's filter (INP) fail their budgets on purpose: that is what a broken budget looks like (exit code 1).");
} else if (code !== 0) process.exit(code ?? 1);
console.log('\nThe review perfgate posts on a pull request (perfgate report --results .perfgate/results.json):\n');
run(process.execPath, ['dist/cli.js', 'report', '--results', '.perfgate/results.json']);
console.log('Reports: .perfgate/results.json, .perfgate/reports/*.report.html and the flow report .perfgate/reports/filter-products.flow.html');
