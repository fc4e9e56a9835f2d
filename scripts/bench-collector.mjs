#!/usr/bin/env node
// npm run bench:collector [-- --requests N --connections N --rounds N]
// Loads, with autocannon on loopback, (a) a bare node:http server that reads the body and answers
// 204, (b) perfgate's collector with SQLite and (c) with PostgreSQL (a throwaway local cluster),
// each store without and with the attribution build's LCP element in every beacon, alternating over
// `rounds` rounds; prints beacons per second, the ratios and p99 latency, then checks that the rows
// stored equal the 202s for every run (zero loss).
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { loadBeacons, numberFlag } from './beacon-load.mjs';
import { start } from './start-node.mjs';
import { startPostgres } from './postgres-cluster.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const amount = numberFlag('requests', 100000);
const connections = numberFlag('connections', 16);
const rounds = numberFlag('rounds', 3);
const load = (url) => loadBeacons(url, { connections, amount });

const bare = `require('node:http').createServer((q, s) => { q.on('data', () => {}); q.on('end', () => { s.writeHead(204); s.end(); }); }).listen(0, '127.0.0.1', function () { console.log('listening on http://127.0.0.1:' + this.address().port); });`;

console.log(`bench:collector: ${amount} beacons to each server, ${connections} connections, loopback, ${rounds} rounds of each store`);
const a = await start(['-e', bare], /listening on (http:\S+)/);
const bareResult = await load(a.url);
a.child.kill('SIGTERM');
await a.exited;

/** Loads a collector on a fresh store: its result, the rows it stored and its exit code. */
async function collectorRun(storeArgs, countRows, attribution) {
  const server = await start([path.join(root, 'dist/cli.js'), 'collector', ...storeArgs, '--port', '0', '--rate-limit', '0'], /listening on (http:[^\s"]+)/);
  const result = await loadBeacons(server.url, { connections, amount, attribution });
  server.child.kill('SIGTERM');
  const code = await server.exited;
  return { result, rows: await countRows(), code };
}

const sqliteRun = (attribution) => {
  const db = path.join(mkdtempSync(path.join(os.tmpdir(), 'perfgate-bench-')), 'field.db');
  return collectorRun(['--db', db], () => new Database(db, { readonly: true }).prepare('SELECT count(*) AS n FROM samples').get().n, attribution);
};
// Plain and attribution loads alternate (ABBA over the rounds), each on a fresh store: the machine's drift falls on both.
const order = (round) => (round % 2 === 0 ? [false, true] : [true, false]);
const sqliteRuns = { false: [], true: [] };
for (let round = 0; round < rounds; round++) for (const attribution of order(round)) sqliteRuns[attribution].push(await sqliteRun(attribution));

const postgres = await startPostgres();
let databases = 0;
const pgRun = async (attribution) => {
  const url = await postgres.createDatabase(`bench_${++databases}`);
  return collectorRun(
    ['--database-url', url],
    async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const n = Number((await client.query('SELECT count(*) AS n FROM samples')).rows[0].n);
      await client.end();
      return n;
    },
    attribution,
  );
};
const pgRuns = { false: [], true: [] };
try {
  for (let round = 0; round < rounds; round++) for (const attribution of order(round)) pgRuns[attribution].push(await pgRun(attribution));
} finally {
  postgres.stop();
}

const rate = (r, status) => (r.statusCodeStats?.[status]?.count ?? 0) / r.seconds;
const median = (values) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];
const bareRate = rate(bareResult, '204');
const line = (label, r, status) => `${label}${rate(r, status).toFixed(0)} beacons/s, p99 ${r.latency.p99} ms, errors ${r.errors}, non-2xx ${r.non2xx}`;
console.log(line('bare node:http (204):                      ', bareResult, '204'));
for (let round = 0; round < rounds; round++) {
  console.log(`round ${round + 1}`);
  console.log(line('  collector + SQLite (202):                  ', sqliteRuns.false[round].result, '202'));
  console.log(line('  collector + SQLite, LCP elements (202):    ', sqliteRuns.true[round].result, '202'));
  console.log(line('  collector + PostgreSQL (202):              ', pgRuns.false[round].result, '202'));
  console.log(line('  collector + PostgreSQL, LCP elements (202):', pgRuns.true[round].result, '202'));
}
const medianRate = (runs) => median(runs.map((r) => rate(r.result, '202')));
console.log(
  `ratio collector/bare, median of ${rounds}: SQLite ${(medianRate(sqliteRuns.false) / bareRate).toFixed(2)}, PostgreSQL ${(medianRate(pgRuns.false) / bareRate).toFixed(2)} (target >= 0.50)`,
);
const perRound = (runs) => runs.true.map((run, i) => rate(run.result, '202') / rate(runs.false[i].result, '202'));
const ratios = (runs) =>
  `${median(perRound(runs)).toFixed(2)} (rounds ${perRound(runs)
    .map((r) => r.toFixed(2))
    .join(', ')})`;
console.log(`ratio with the attribution build's LCP element / without, median of ${rounds}: SQLite ${ratios(sqliteRuns)}, PostgreSQL ${ratios(pgRuns)}`);
let lost = 0;
for (const [label, runs] of [
  ['SQLite', sqliteRuns.false],
  ['SQLite, LCP elements', sqliteRuns.true],
  ['PostgreSQL', pgRuns.false],
  ['PostgreSQL, LCP elements', pgRuns.true],
]) {
  const accepted = runs.reduce((n, run) => n + (run.result.statusCodeStats?.['202']?.count ?? 0), 0);
  const rows = runs.reduce((n, run) => n + run.rows, 0);
  console.log(`${label}: 202 answers ${accepted}, rows stored ${rows}, lost ${accepted - rows} (collector exit codes ${runs.map((r) => r.code).join(', ')})`);
  lost += Math.abs(accepted - rows);
}
if (lost !== 0) process.exitCode = 1;
