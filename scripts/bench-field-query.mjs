#!/usr/bin/env node
// npm run bench:field-query [-- --sizes 1000000,10000000 --pages 100 --ingest-seconds 8 --ingest-rate 0 --open-rounds 3 --stores postgresql,sqlite --attribution on|off]
// Fills a PostgreSQL database (a throwaway local cluster) and a SQLite file with generated field
// samples spread over 28 days (Zipf-distributed traffic over --pages routes, five metrics, three
// device classes; LCP, INP and CLS with the attribution build's targets unless --attribution off), written through the stores' own insert path, so that the daily histogram
// rollups are kept as in production. At each size it starts `perfgate collector` on the data and
// times GET /api/summary, the dashboard (GET /), GET /api/targets and `perfgate compare --collector` (median of 3),
// reads the collector's memory (VmRSS, VmHWM), and at the largest size loads POST /rum for
// --ingest-seconds without and then with a dashboard request always in flight, comparing p99
// (see ingestWhileReading); the open loop in --open-rounds alternating rounds, each with a control
// phase: a CPU burner at nice 19 instead of the reads.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBeacons, loadBeaconsAtRate, numberFlag } from './beacon-load.mjs';
import { start } from './start-node.mjs';
import { startPostgres } from './postgres-cluster.mjs';
import pg from 'pg';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(root, 'dist/cli.js');
const sizesFlag = process.argv.indexOf('--sizes');
const sizes = (sizesFlag > 0 ? process.argv[sizesFlag + 1] : '1000000,10000000').split(',').map(Number);
const pages = numberFlag('pages', 100);
const ingestSeconds = numberFlag('ingest-seconds', 8);
// The open loop's rates, one after another (a comma-separated list); 0: half the throughput the closed loop reached without reads.
const rateFlag = process.argv.indexOf('--ingest-rate');
const ingestRates = (rateFlag > 0 ? process.argv[rateFlag + 1] : '0').split(',').map(Number);
if (ingestRates.some((r) => !Number.isFinite(r) || r < 0))
  throw new Error('--ingest-rate: give beacons per second, or 0 for half the closed loop, separated by commas');
// Rounds of the open loop: no reads, a dashboard always rendering, a CPU burner instead (see ingestWhileReading).
const openRounds = numberFlag('open-rounds', 3);
// With the attribution build's targets on LCP, INP and CLS (default), or without (--attribution off).
const attributionFlag = process.argv.indexOf('--attribution');
const attribution = attributionFlag < 0 || process.argv[attributionFlag + 1] !== 'off';
const storesFlag = process.argv.indexOf('--stores');
const stores = (storesFlag > 0 ? process.argv[storesFlag + 1] : 'postgresql,sqlite').split(',');
const DAY = 86_400_000;
const TOKEN = 'bench-read-token';
const { openPostgresStore } = await import(path.join(root, 'dist/field/postgres-store.js'));
const { openSqliteStore } = await import(path.join(root, 'dist/field/sqlite-store.js'));
const { median } = await import(path.join(root, 'dist/stats.js'));

/** A seeded PRNG (mulberry32): every run writes the same samples. */
function prng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const METRICS = [
  ['LCP', 2200, 0.5],
  ['INP', 150, 0.7],
  ['CLS', 0.05, 1.0],
  ['FCP', 1500, 0.45],
  ['TTFB', 600, 0.6],
];
const harmonic = Array.from({ length: pages }, (_, k) => 1 / (k + 1));
const total = harmonic.reduce((a, b) => a + b, 0);
const cumulative = harmonic.map(
  (
    (sum) => (w) =>
      (sum += w / total)
  )(0),
);

const targetWeights = Array.from({ length: 15 }, (_, k) => 1 / (k + 1));
const targetTotal = targetWeights.reduce((a, b) => a + b, 0);
const targetRanks = targetWeights.map(
  (
    (sum) => (w) =>
      (sum += w / targetTotal)
  )(0),
);
targetRanks[targetRanks.length - 1] = 1;

/** `count` samples from `offset` on; times spread over the last 28 days. */
function* samples(count, offset, now, random) {
  for (let i = offset; i < offset + count; i++) {
    const u = random();
    const page = cumulative.findIndex((c) => c >= u);
    const [name, median, sigma] = METRICS[i % METRICS.length];
    const normal = Math.sqrt(-2 * Math.log(random() || 1e-12)) * Math.cos(2 * Math.PI * random());
    const d = random();
    const targeted = attribution && (name === 'LCP' || name === 'INP' || name === 'CLS');
    // The attribution build's targets: Zipf over 15 elements per route, more than the 10 a day keeps.
    const rank = targeted ? targetRanks.findIndex((c) => c >= random()) : -1;
    yield {
      metricId: `v5-gen-${i}`,
      name,
      value: Math.min(name === 'CLS' ? 10 : 600_000, median * Math.exp(sigma * normal)),
      delta: 1,
      rating: 'good',
      navigationType: 'navigate',
      page: page === 0 ? '/' : `/route-${page}`,
      release: 'bench',
      device: d < 0.6 ? 'mobile' : d < 0.95 ? 'desktop' : 'tablet',
      browser: 'Chrome',
      connection: '4g',
      receivedAt: now - Math.floor(random() * 28 * DAY),
      ...(targeted
        ? {
            target: `html>body>main>section.s${rank}>${name === 'INP' ? 'button.buy' : 'img.hero'}`,
            phases: name === 'INP' ? { inputDelay: 20, processingDuration: 100, presentationDelay: 30 } : null,
          }
        : {}),
    };
  }
}

async function fill(store, from, to, now, random) {
  const started = performance.now();
  const batch = 10_000;
  for (let at = from; at < to; at += batch) await store.insert([...samples(Math.min(batch, to - at), at, now, random)]);
  return (to - from) / ((performance.now() - started) / 1000);
}

const memory = (pid) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
};

async function timeGet(url, times = 3) {
  const ms = [];
  let bytes = 0;
  for (let i = 0; i < times; i++) {
    // One read at a time, apart: the collector rests after a read as long as it took (read-service.ts), and this times a read, not a queue.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const started = performance.now();
    const response = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
    const text = await response.text();
    ms.push(performance.now() - started);
    bytes = text.length;
    if (!response.ok) throw new Error(`${url}: ${response.status} ${text.slice(0, 200)}`);
  }
  return { ms: ms.sort((a, b) => a - b)[1], bytes };
}

function timeCompare(url, resultsFile) {
  const ms = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    const result = spawnSync(process.execPath, [CLI, 'compare', '--results', resultsFile, '--collector', url, '--budgets', budgetsFile, '--format', 'json'], {
      env: { ...process.env, PERFGATE_READ_TOKEN: TOKEN },
      encoding: 'utf8',
    });
    ms.push(performance.now() - started);
    if (result.status !== 0 && result.status !== 1 && result.status !== 3) throw new Error(`compare failed (${result.status}): ${result.stderr}`);
  }
  return ms.sort((a, b) => a - b)[1];
}

// The dashboard's reader: a process of its own, as a browser is, so that receiving and decoding a
// page of ~1 MB never stalls the event loop that sends the beacons and clocks their answers.
const READER = `
let stop = false, dashboards = 0;
process.on('message', () => (stop = true));
(async () => {
  while (!stop) {
    const response = await fetch(process.argv[1] + '/', { headers: { authorization: 'Bearer ' + process.argv[2] } });
    await response.arrayBuffer();
    if (!response.ok) throw new Error('dashboard: ' + response.status);
    dashboards++;
  }
  process.send(dashboards, () => process.exit(0));
})();`;

// The control: a process at nice 19 that has nothing to do with the collector and burns a core, in
// 50 ms slices. What it costs ingest is what any background work costs on this machine.
const BURNER = `
process.on('message', () => process.send(0, () => process.exit(0)));
setInterval(() => { const end = Date.now() + 50; while (Date.now() < end); }, 0);`;

/**
 * Runs `load` with one dashboard request always in flight (when `withDashboard` is true), or with the
 * CPU burner running (when it is 'burner'), from another process; its result and how many dashboards were served.
 */
async function whileReading(url, withDashboard, load) {
  if (!withDashboard) return { result: await load(), dashboards: 0 };
  if (withDashboard === 'burner') {
    const burner = spawn('nice', ['-n', '19', process.execPath, '-e', BURNER], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    try {
      return { result: await load(), dashboards: 0 };
    } finally {
      await new Promise((resolve) => {
        burner.on('exit', resolve);
        burner.send('stop');
      });
    }
  }
  const reader = spawn(process.execPath, ['-e', READER, url, TOKEN], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const counted = new Promise((resolve, reject) => {
    reader.on('message', resolve);
    reader.on('exit', (code) => reject(new Error(`the dashboard reader exited (${code}) before reporting`)));
  });
  const result = await load();
  reader.send('stop');
  const dashboards = await counted;
  return { result, dashboards };
}

/** POST /rum for a while from 8 connections, each sending again when answered (a closed loop); p99 and counts. */
async function ingestP99(url, withDashboard) {
  const { result, dashboards } = await whileReading(url, withDashboard, () => loadBeacons(url, { connections: 8, duration: ingestSeconds }));
  return { p99: result.latency.p99, p50: result.latency.p50, ok: result.statusCodeStats?.['202']?.count ?? 0, non2xx: result.non2xx, dashboards };
}

/** The same at a steady rate of Poisson arrivals (an open loop, as a site's browsers send). */
async function ingestP99AtRate(url, withDashboard, rate) {
  const { result, dashboards } = await whileReading(url, withDashboard, () => loadBeaconsAtRate(url, { rate, duration: ingestSeconds, seed: 7 }));
  const ok = result.codes['202'] ?? 0;
  return { p99: Math.round(result.p99), p50: Math.round(result.p50), ok, non2xx: result.sent - ok, dashboards };
}

const ratio = (busy, quiet) => (busy.p99 / Math.max(1, quiet.p99)).toFixed(2);
/** The median over the open loop's rounds of the p99 ratio of `phase` ('busy' or 'burner') to no reads. */
const openRatio = (rounds, phase) => median(rounds.map((r) => Number(ratio(r[phase], r.quiet)))).toFixed(2);
const line = (r) => `p99 ${r.p99} ms (p50 ${r.p50}, ${r.ok} × 202, ${r.non2xx} non-2xx${r.dashboards ? `, ${r.dashboards} dashboards` : ''})`;

/**
 * Ingest alone and with one dashboard request always in flight, the collector saturated (each
 * connection sends again as soon as answered): once with every request rendering the dashboard
 * (--dashboard-max-age 0), once as the collector runs by default (a render is served again, gzipped,
 * for 30 s). Between them, the open loop at half the closed loop's throughput, in rounds of three
 * phases: no reads, a dashboard always rendering, and no reads but a CPU burner at nice 19.
 */
async function ingestWhileReading(flags) {
  const startCollector = (extra) =>
    start([CLI, 'collector', ...flags, '--port', '0', '--rate-limit', '0', '--read-token', TOKEN, ...extra], /listening on (http:[^\s"]+)/);
  const stop = async (collector) => {
    collector.child.kill('SIGTERM');
    await collector.exited;
  };
  const out = {};
  const rendering = await startCollector(['--dashboard-max-age', '0']);
  try {
    out.quiet = await ingestP99(rendering.url, false);
    out.busy = await ingestP99(rendering.url, true);
    // Rounds alternate, so that a drift of the machine's speed falls on every phase alike; a p99 of 8 s is
    // set by a few stalls, so one round is a noisy reading, and the rounds' median ratio is reported.
    out.opens = [];
    for (const asked of ingestRates) {
      const rate = asked || Math.round(out.quiet.ok / ingestSeconds / 2);
      const rounds = [];
      for (let i = 0; i < openRounds; i++) {
        const quiet = await ingestP99AtRate(rendering.url, false, rate);
        const busy = await ingestP99AtRate(rendering.url, true, rate);
        const burner = await ingestP99AtRate(rendering.url, 'burner', rate);
        rounds.push({ quiet, busy, burner });
      }
      out.opens.push({ rate, rounds });
    }
  } finally {
    await stop(rendering);
  }
  const cached = await startCollector([]);
  try {
    out.cachedQuiet = await ingestP99(cached.url, false);
    out.cached = await ingestP99(cached.url, true);
  } finally {
    await stop(cached);
  }
  return out;
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'perfgate-bench-field-'));
const budgetsFile = path.join(tmp, 'budgets.json');
writeFileSync(
  budgetsFile,
  JSON.stringify({ budgets: [{ path: '/*', timings: { 'first-contentful-paint': { error: 99999 } } }], field: { LCP: { warn: 2500, error: 4000 } } }),
);
// Lab results to compare against: the Lighthouse reports of the shared fixtures.
spawnSync(process.execPath, [CLI, 'assert', '--lhr', path.resolve(root, '../shared/fixtures/lhr'), '--budgets', budgetsFile, '--out', tmp], {
  encoding: 'utf8',
});
const resultsFile = path.join(tmp, 'results.json');

const rows = [];
const postgres = await startPostgres({ shared_buffers: '512MB', work_mem: '64MB', max_wal_size: '4GB' });
try {
  // After the fill, PostgreSQL gets the VACUUM ANALYZE that autovacuum would have run over a site's 28 days
  // (the fill writes them in half an hour; the rollup tables' old row versions would otherwise slow the reads).
  const vacuum = async (url) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('VACUUM (ANALYZE)');
    await client.end();
  };
  const backends = [
    ['PostgreSQL', await postgres.createDatabase('bench'), (url) => openPostgresStore(url), (url) => ['--database-url', url], vacuum],
    ['SQLite', path.join(tmp, 'field.db'), async (file) => openSqliteStore(file), (file) => ['--db', file], async () => undefined],
  ].filter(([label]) => stores.includes(label.toLowerCase()));
  for (const [label, target, open, flags, settle] of backends) {
    const now = Date.now();
    const random = prng(42);
    let filled = 0;
    for (const size of sizes) {
      const store = await open(target);
      const rate = await fill(store, filled, size, now, random);
      filled = size;
      await store.close();
      await settle(target);
      const collector = await start(
        // Every dashboard request renders (no reuse of an earlier render): the times are of the reads themselves.
        [CLI, 'collector', ...flags(target), '--port', '0', '--rate-limit', '0', '--read-token', TOKEN, '--dashboard-max-age', '0'],
        /listening on (http:[^\s"]+)/,
      );
      try {
        const since = now - 28 * DAY;
        const summary = await timeGet(`${collector.url}/api/summary?since=${since}`);
        const dashboard = await timeGet(`${collector.url}/`);
        const targets = await timeGet(`${collector.url}/api/targets?since=${since}`);
        const compare = timeCompare(collector.url, resultsFile);
        const mem = memory(collector.child.pid);
        const row = { label, size, rate, summary, dashboard, targets, compare, mem };
        rows.push(row);
        console.log(
          `${label} ${(size / 1e6).toFixed(1)} M samples${attribution ? ' with targets' : ''} (inserted at ${Math.round(rate)}/s): /api/summary ${summary.ms.toFixed(0)} ms, dashboard ${dashboard.ms.toFixed(0)} ms (${(dashboard.bytes / 1024).toFixed(0)} KiB), /api/targets ${targets.ms.toFixed(0)} ms, compare ${compare.toFixed(0)} ms, collector RSS ${mem.rssMb.toFixed(0)} MiB (peak ${mem.peakMb.toFixed(0)} MiB)`,
        );
      } finally {
        collector.child.kill('SIGTERM');
        await collector.exited;
      }
      if (size === sizes.at(-1)) {
        const r = await ingestWhileReading(flags(target));
        Object.assign(rows.at(-1), r);
        console.log(`  no reads: ingest ${line(r.quiet)}`);
        console.log(`  a dashboard always rendering (--dashboard-max-age 0): ingest ${line(r.busy)}; ratio ${ratio(r.busy, r.quiet)} (target <= 2)`);
        for (const { rate, rounds } of r.opens) {
          rounds.forEach((round, i) => {
            console.log(`  open loop, ${rate} beacons/s (Poisson), round ${i + 1}, no reads: ingest ${line(round.quiet)}`);
            console.log(`    a dashboard always rendering: ingest ${line(round.busy)}; ratio ${ratio(round.busy, round.quiet)}`);
            console.log(`    no reads, a CPU burner at nice 19 in another process: ingest ${line(round.burner)}; ratio ${ratio(round.burner, round.quiet)}`);
          });
          console.log(
            `  open loop at ${rate}/s, median over ${rounds.length} rounds: a dashboard always rendering ${openRatio(rounds, 'busy')}x (target <= 2); the CPU burner ${openRatio(rounds, 'burner')}x`,
          );
        }
        console.log(`  default collector, no reads: ingest ${line(r.cachedQuiet)}`);
        console.log(
          `  default collector, a dashboard always asked for (rendered every 30 s): ingest ${line(r.cached)}; ratio ${ratio(r.cached, r.cachedQuiet)}`,
        );
      }
    }
  }
} finally {
  postgres.stop();
}
console.log(
  '\n| store | samples | /api/summary | dashboard | /api/targets | compare | collector RSS (peak) | ingest p99 with a dashboard always asked for: rendering each / default |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of rows)
  console.log(
    `| ${r.label} | ${(r.size / 1e6).toFixed(1)} M | ${r.summary.ms.toFixed(0)} ms | ${r.dashboard.ms.toFixed(0)} ms | ${r.targets.ms.toFixed(0)} ms | ${r.compare.toFixed(0)} ms | ${r.mem.rssMb.toFixed(0)} MiB (${r.mem.peakMb.toFixed(0)}) | ${
      r.quiet
        ? `${ratio(r.busy, r.quiet)}x / ${ratio(r.cached, r.cachedQuiet)}x; ${r.opens
            .map(({ rate, rounds }) => `open loop at ${rate}/s: ${openRatio(rounds, 'busy')}x (the CPU burner ${openRatio(rounds, 'burner')}x)`)
            .join('; ')}`
        : ''
    } |`,
  );
