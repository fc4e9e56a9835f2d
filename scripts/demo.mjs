#!/usr/bin/env node
// npm run demo: build the example site, make sure a Chrome is there, run perfgate over its pages.
// The sale page is slow on purpose, so the demo shows failing budgets and still exits 0.
// npm run demo -- --side-by-side: a pull request that slows the products page down, measured side
// by side with its base, sampled until each verdict is clear, and the review it gets.
// npm run demo -- --field: field data too. Real Chromium visits the shop, a collector stores its
// beacons, and perfgate compare puts lab and field side by side (scripts/demo-field.mjs).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
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

if (process.argv.includes('--side-by-side')) process.exit(sideBySide());
const field = process.argv.includes('--field');
// With the lab's results of the shop already there (an earlier npm run demo), the field part alone.
const labPages = () => {
  try {
    return JSON.parse(readFileSync(path.join(root, '.perfgate/results.json'), 'utf8')).pages?.length ?? 0;
  } catch {
    return 0;
  }
};
// The field part's own options (--visits N) are handed on.
const fieldArgs = process.argv.slice(2).filter((arg) => arg !== '--field');
if (field && labPages() > 0) process.exit(run(process.execPath, ['scripts/demo-field.mjs', ...fieldArgs]) ?? 1);

console.log(
  '\nperfgate run --runs 3  (pages.json: home, products, a sale page that is slow on purpose, an account page behind a login,\n  and a user flow "filter products" whose filter is slow on purpose)\n',
);
const code = run(process.execPath, ['dist/cli.js', 'run', '--runs', '3']);
if (code === 1) {
  console.log("\nThe sale page and the flow's filter (INP) fail their budgets on purpose: that is what a broken budget looks like (exit code 1).");
} else if (code !== 0) process.exit(code ?? 1);
console.log('\nThe review perfgate posts on a pull request (perfgate report, which reads .perfgate/results.json):\n');
run(process.execPath, ['dist/cli.js', 'report']);
console.log('Reports: .perfgate/results.json, .perfgate/reports/*.report.html and the flow report .perfgate/reports/filter-products.flow.html');
if (field) {
  console.log('\nAnd now the field: what real visitors of the shop get, beside the lab.\n');
  process.exit(run(process.execPath, ['scripts/demo-field.mjs', ...fieldArgs]) ?? 1);
}

/**
 * The base is example/dist; the pull request is a copy whose products script holds the main
 * thread for 100 ms after the first frame (Lighthouse's simulated mobile CPU makes that about 400 ms). Both are served by
 * perfgate (--base-dir and staticDir): products is measured side by side; home loads the same
 * files from both builds, so it is measured once.
 */
function sideBySide() {
  const work = mkdtempSync(path.join(os.tmpdir(), 'perfgate-demo-'));
  try {
    const head = path.join(work, 'pull-request');
    cpSync(path.join(root, 'example/dist'), head, { recursive: true });
    const script = path.join(head, 'assets/products.js');
    // After the first frame: at start-up the work would race the first paint (and count in TBT only when it loses).
    const busy = 'requestAnimationFrame(()=>setTimeout(()=>{const t=performance.now();while(performance.now()-t<100);}));';
    writeFileSync(script, `${busy}\n${readFileSync(script, 'utf8')}`);
    // The shop's budgets: its pages' (this pull request has no user flow), and its bundles in the pull request's build,
    // which perfgate measures in the base's build too (by size).
    const budgets = JSON.parse(readFileSync(path.join(root, 'budgets.json'), 'utf8'));
    const bundles = budgets.bundles.map(({ time: _, ...bundle }) => ({ ...bundle, path: bundle.path.replace(/^example\/dist\//, 'pull-request/') }));
    const pageBudgets = budgets.budgets.filter((budget) => !budget.flow);
    writeFileSync(path.join(work, 'budgets.json'), JSON.stringify({ ...budgets, $schema: undefined, budgets: pageBudgets, bundles }));
    const pages = {
      staticDir: head,
      formFactor: 'mobile',
      blockedUrlPatterns: ['*/rum'],
      pages: [
        { name: 'home', path: '/' },
        { name: 'products', path: '/products/' },
      ],
    };
    writeFileSync(path.join(work, 'pages.json'), JSON.stringify(pages));
    console.log(
      '\nperfgate run --base-dir example/dist  (a pull request whose products script holds the main thread 100 ms longer;\n  its base and it measured side by side, alternating, 5 to 15 runs per side until each verdict is clear;\n  home loads the same files from both builds, so it is measured once)\n',
    );
    const out = path.join(root, '.perfgate/side-by-side');
    const args = [
      'run',
      '--pages',
      path.join(work, 'pages.json'),
      '--budgets',
      path.join(work, 'budgets.json'),
      '--base-dir',
      path.join(root, 'example/dist'),
      '--out',
      out,
    ];
    const code = run(process.execPath, ['dist/cli.js', ...args]);
    if (code !== 0 && code !== 1) return code ?? 1;
    console.log(`\nThe review of that pull request (perfgate report --results ${path.relative(root, out)}/results.json):\n`);
    run(process.execPath, ['dist/cli.js', 'report', '--results', path.join(out, 'results.json')]);
    return 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
