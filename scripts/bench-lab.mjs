#!/usr/bin/env node
// npm run bench:lab [-- --runs N] [--no-lighthouse-13]
// Runs perfgate and `lhci autorun` one after the other on the same pages with the same run count
// and preset, in two suites: the example site, and Lighthouse's own HTML report of a real page (a
// script-heavy page we did not write); then perfgate again with Lighthouse 13 on Node 22 (both
// installed from the npm registry into a scratch folder, scripts/lighthouse-13.mjs). Prints per suite
// each run's wall time and the ratios, per page and metric each one's median and spread
// (max - min) / median, and how far Lighthouse 13's medians moved from 12.6's. Lighthouse runs never overlap.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateReport } from 'lighthouse';
import { ensureLighthouse13 } from './lighthouse-13.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a whole number');
const thirteen = process.argv.includes('--no-lighthouse-13') ? null : ensureLighthouse13();

const { lhciConfig } = await import(path.join(root, 'dist/lhci/index.js'));
const { median, aggregate } = await import(path.join(root, 'dist/stats.js'));
const { extractRun } = await import(path.join(root, 'dist/metrics.js'));

if (!existsSync(path.join(root, 'example/dist/index.html'))) throw new Error('build the example first: npm run build:example');

// The site: the example plus Lighthouse's HTML report of the shared coursehero fixture.
const work = mkdtempSync(path.join(os.tmpdir(), 'perfgate-bench-'));
const site = path.join(work, 'site');
cpSync(path.join(root, 'example/dist'), site, { recursive: true });
mkdirSync(path.join(site, 'lighthouse-report'));
const fixture = JSON.parse(readFileSync(path.resolve(root, '../shared/fixtures/lhr/lh-12-0-0-coursehero-a.json'), 'utf8'));
writeFileSync(path.join(site, 'lighthouse-report/index.html'), generateReport(fixture, 'html'));
// Two suites, each timed on its own: the example site (the benchmark the lab harness is held to) and
// the Lighthouse report page, where Lighthouse's own work (the accessibility audit of a large DOM)
// fills most of every run in either tool.
const suites = [
  {
    name: 'example site',
    pages: [
      { name: 'home', path: '/' },
      { name: 'products', path: '/products/' },
      { name: 'sale', path: '/slow/' },
    ],
  },
  { name: 'Lighthouse report page', pages: [{ name: 'lighthouse-report', path: '/lighthouse-report/' }] },
];
// Lighthouse budgets only: bundles are size-limit's (and their globs are relative to the repository).
const { $schema: _, bundles: __, ...budgets } = JSON.parse(readFileSync(path.join(root, 'budgets.json'), 'utf8'));

function timed(cwd, command, args, env = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1', ...env } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, seconds: Number(process.hrtime.bigint() - started) / 1e9, stderr }));
  });
}

const total = suites.reduce((sum, suite) => sum + suite.pages.length * runs, 0);
console.log(`bench:lab: ${total / runs} pages × ${runs} runs, mobile, in ${work}`);
for (const suite of suites) {
  suite.dir = path.join(work, suite.name.replace(/\W+/g, '-'));
  mkdirSync(suite.dir);
  writeFileSync(path.join(suite.dir, 'pages.json'), JSON.stringify({ staticDir: '../site', runs, formFactor: 'mobile', pages: suite.pages }, null, 2));
  writeFileSync(path.join(suite.dir, 'budgets.json'), JSON.stringify(budgets));
  writeFileSync(path.join(suite.dir, 'lighthouserc.json'), JSON.stringify(lhciConfig({ cwd: suite.dir, env: {} }), null, 2));
  suite.perfgate = await timed(suite.dir, process.execPath, [path.join(root, 'dist/cli.js'), 'run', '--out', path.join(suite.dir, 'perfgate')]);
  if (![0, 1].includes(suite.perfgate.code)) throw new Error(`perfgate failed (${suite.perfgate.code}):\n${suite.perfgate.stderr}`);
  suite.lhci = await timed(suite.dir, process.execPath, [path.join(root, 'node_modules/@lhci/cli/src/cli.js'), 'autorun']);
  if (!existsSync(path.join(suite.dir, '.lighthouseci'))) throw new Error(`lhci autorun failed (${suite.lhci.code}):\n${suite.lhci.stderr}`);
  if (thirteen) {
    suite.perfgate13 = await timed(suite.dir, thirteen.node, [path.join(root, 'dist/cli.js'), 'run', '--out', path.join(suite.dir, 'perfgate-13')], {
      PERFGATE_LIGHTHOUSE: thirteen.lighthouseDir,
    });
    if (![0, 1].includes(suite.perfgate13.code)) throw new Error(`perfgate on Lighthouse 13 failed (${suite.perfgate13.code}):\n${suite.perfgate13.stderr}`);
  }
}

// Per page and metric, the values of each tool's runs.
const metricIds = ['first-contentful-paint', 'largest-contentful-paint', 'interactive', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index'];
const labels = {
  'first-contentful-paint': 'FCP',
  'largest-contentful-paint': 'LCP',
  interactive: 'TTI',
  'total-blocking-time': 'TBT',
  'cumulative-layout-shift': 'CLS',
  'speed-index': 'SI',
};
const readLhci = (dir) =>
  readdirSync(path.join(dir, '.lighthouseci'))
    .filter((f) => /^lhr-\d+\.json$/.test(f))
    .map((f) => JSON.parse(readFileSync(path.join(dir, '.lighthouseci', f), 'utf8')));

const fmt = (v, id) => (v === undefined || !Number.isFinite(v) ? '-' : id === 'cumulative-layout-shift' ? v.toFixed(3) : String(Math.round(v)));
const pct = (v) => (Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '-');
const rows = [
  [
    'page',
    'metric',
    'perfgate median',
    'LHCI median',
    ...(thirteen ? ['perfgate LH13 median', 'LH13/LH12.6'] : []),
    'perfgate spread',
    'LHCI spread',
    ...(thirteen ? ['LH13 spread'] : []),
  ],
];
const spreads = { perfgate: [], lhci: [] };
/** Per metric, LH13 median / LH12.6 median over the pages (both perfgate). */
const moved = {};
for (const suite of suites) {
  const results = JSON.parse(readFileSync(path.join(suite.dir, 'perfgate/results.json'), 'utf8'));
  const results13 = thirteen ? JSON.parse(readFileSync(path.join(suite.dir, 'perfgate-13/results.json'), 'utf8')) : null;
  const lhciRuns = readLhci(suite.dir);
  const lhciValues = (pagePath, id) =>
    lhciRuns
      .filter((lhr) => new URL(lhr.finalUrl).pathname === pagePath)
      .map((lhr) => extractRun(lhr).metrics[id])
      .filter(Number.isFinite);
  for (const page of suite.pages) {
    const measured = results.pages.find((p) => p.name === page.name);
    for (const id of metricIds) {
      const ours = measured?.metrics[id];
      const theirs = aggregate(lhciValues(page.path, id));
      const on13 = results13?.pages.find((p) => p.name === page.name)?.metrics[id];
      const ratio13 = on13 && ours && ours.median > 0 ? on13.median / ours.median : Number.NaN;
      if (Number.isFinite(ratio13)) moved[labels[id]] = [...(moved[labels[id]] ?? []), ratio13];
      rows.push([
        page.name,
        labels[id],
        fmt(ours?.median, id),
        fmt(theirs?.median, id),
        ...(thirteen ? [fmt(on13?.median, id), Number.isFinite(ratio13) ? `${ratio13.toFixed(2)}x` : '-'] : []),
        pct(ours?.spread),
        pct(theirs?.spread),
        ...(thirteen ? [pct(on13?.spread)] : []),
      ]);
      if (ours && theirs && id !== 'cumulative-layout-shift') {
        spreads.perfgate.push(ours.spread);
        spreads.lhci.push(theirs.spread);
      }
    }
  }
}
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
for (const row of rows) console.log(row.map((cell, c) => cell.padEnd(widths[c])).join('  '));

const perRun = (seconds, count) => `${seconds.toFixed(1)} s (${(seconds / count).toFixed(2)} s per run)`;
for (const suite of suites) {
  const count = suite.pages.length * runs;
  console.log('');
  console.log(`${suite.name}, ${suite.pages.length} page${suite.pages.length === 1 ? '' : 's'} × ${runs} runs:`);
  console.log(`  perfgate run:  ${perRun(suite.perfgate.seconds, count)}`);
  console.log(`  lhci autorun:  ${perRun(suite.lhci.seconds, count)}`);
  if (suite.perfgate13)
    console.log(
      `  perfgate run, Lighthouse ${thirteen.version} on Node 22: ${perRun(suite.perfgate13.seconds, count)}, ${(suite.perfgate13.seconds / suite.lhci.seconds).toFixed(2)}x LHCI`,
    );
  console.log(
    `  ratio perfgate/LHCI wall time: ${(suite.perfgate.seconds / suite.lhci.seconds).toFixed(2)}x${suite === suites[0] ? ' (target <= 0.50x)' : ''}`,
  );
}
const sum = (tool) => suites.reduce((s, suite) => s + suite[tool].seconds, 0);
console.log('');
console.log(`all pages: perfgate ${perRun(sum('perfgate'), total)}, lhci ${perRun(sum('lhci'), total)}, ratio ${(sum('perfgate') / sum('lhci')).toFixed(2)}x`);
console.log(`median spread over pages and timing metrics: perfgate ${pct(median(spreads.perfgate))}, LHCI ${pct(median(spreads.lhci))}`);
console.log(`max spread: perfgate ${pct(Math.max(...spreads.perfgate))}, LHCI ${pct(Math.max(...spreads.lhci))}`);
if (thirteen) {
  console.log('');
  console.log(`Lighthouse ${thirteen.version} against 12.6 (perfgate both), median over pages of the ratio of medians, and its range:`);
  for (const [label, ratios] of Object.entries(moved))
    console.log(`  ${label}: ${median(ratios).toFixed(2)}x (${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)}x over ${ratios.length} pages)`);
}
