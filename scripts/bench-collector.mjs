#!/usr/bin/env node
// npm run bench:collector [-- --requests N --connections N]
// Loads, with autocannon on loopback, (a) a bare node:http server that reads the body and answers
// 204, (b) perfgate's collector with SQLite and (c) with PostgreSQL (a throwaway local cluster),
// one after the other; prints beacons per second, the ratios and p99 latency, then checks that the
// rows stored equal the 202s for both stores (zero loss).
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { loadBeacons, numberFlag, start } from './beacon-load.mjs';
import { startPostgres } from './postgres-cluster.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const amount = numberFlag('requests', 100000);
const connections = numberFlag('connections', 16);
const load = (url) => loadBeacons(url, { connections, amount });

const bare = `require('node:http').createServer((q, s) => { q.on('data', () => {}); q.on('end', () => { s.writeHead(204); s.end(); }); }).listen(0, '127.0.0.1', function () { console.log('listening on http://127.0.0.1:' + this.address().port); });`;

console.log(`bench:collector: ${amount} beacons to each server, ${connections} connections, loopback`);
const a = await start(['-e', bare], /listening on (http:\S+)/);
const bareResult = await load(a.url);
a.child.kill('SIGTERM');
await a.exited;

const db = path.join(mkdtempSync(path.join(os.tmpdir(), 'perfgate-bench-')), 'field.db');
const b = await start([path.join(root, 'dist/cli.js'), 'collector', '--db', db, '--port', '0', '--rate-limit', '0'], /listening on (http:[^\s"]+)/);
const sqliteResult = await load(b.url);
b.child.kill('SIGTERM');
const sqliteCode = await b.exited;
const sqliteRows = new Database(db, { readonly: true }).prepare('SELECT count(*) AS n FROM samples').get().n;

const postgres = await startPostgres();
let pgResult;
let pgRows;
let pgCode;
try {
  const c = await start(
    [path.join(root, 'dist/cli.js'), 'collector', '--database-url', postgres.url, '--port', '0', '--rate-limit', '0'],
    /listening on (http:[^\s"]+)/,
  );
  pgResult = await load(c.url);
  c.child.kill('SIGTERM');
  pgCode = await c.exited;
  const client = new pg.Client({ connectionString: postgres.url });
  await client.connect();
  pgRows = Number((await client.query('SELECT count(*) AS n FROM samples')).rows[0].n);
  await client.end();
} finally {
  postgres.stop();
}

const rate = (r, status) => (r.statusCodeStats?.[status]?.count ?? 0) / r.seconds;
const bareRate = rate(bareResult, '204');
const line = (label, r, status) => `${label}${rate(r, status).toFixed(0)} beacons/s, p99 ${r.latency.p99} ms, errors ${r.errors}, non-2xx ${r.non2xx}`;
console.log(line('bare node:http (204):         ', bareResult, '204'));
console.log(line('collector + SQLite (202):     ', sqliteResult, '202'));
console.log(line('collector + PostgreSQL (202): ', pgResult, '202'));
console.log(
  `ratio collector/bare: SQLite ${(rate(sqliteResult, '202') / bareRate).toFixed(2)}, PostgreSQL ${(rate(pgResult, '202') / bareRate).toFixed(2)} (target >= 0.50)`,
);
let lost = 0;
for (const [label, result, rows, code] of [
  ['SQLite', sqliteResult, sqliteRows, sqliteCode],
  ['PostgreSQL', pgResult, pgRows, pgCode],
]) {
  const accepted = result.statusCodeStats?.['202']?.count ?? 0;
  console.log(`${label}: 202 answers ${accepted}, rows stored ${rows}, lost ${accepted - rows} (collector exit code ${code})`);
  lost += Math.abs(accepted - rows);
}
if (lost !== 0) process.exitCode = 1;
