#!/usr/bin/env node
// npm run bench:collector [-- --requests N --connections N]
// Loads, with autocannon on loopback, (a) a bare node:http server that reads the body and answers
// 204 and (b) perfgate's collector with SQLite, one after the other; prints beacons per second,
// the ratio and p99 latency, then checks that the rows stored equal the 202s.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const amount = arg('requests', 100000);
const connections = arg('connections', 16);
const UA = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36';

function start(args, ready) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const onData = (d) => {
      output += d;
      const match = ready.exec(output);
      if (match) resolve({ child, url: match[1], exited: new Promise((done) => child.on('exit', done)) });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    setTimeout(() => reject(new Error(`did not start:\n${output}`)), 15000).unref();
  });
}

let sequence = 0;
const body = () =>
  JSON.stringify({
    v: 1,
    release: 'bench',
    metrics: [{ name: 'LCP', value: 1000 + (sequence % 3000), delta: 1000, id: `v5-bench-${process.pid}-${++sequence}`, rating: 'good', navigationType: 'navigate', page: `page-${sequence % 20}` }],
  });

/**
 * Loads one server. autocannon notices that `amount` is reached only at its next one-second tick,
 * so its own duration rounds up to whole seconds; the rate here uses the time from the start to
 * the last response instead.
 */
function load(url) {
  return new Promise((resolve, reject) => {
    let started = 0;
    let last = 0;
    const instance = autocannon(
      {
        url: `${url}/rum`,
        connections,
        amount,
        timeout: 10,
        method: 'POST',
        headers: { 'content-type': 'text/plain;charset=UTF-8', 'user-agent': UA },
        requests: [{ setupRequest: (request) => ({ ...request, body: body() }) }],
      },
      (error, result) => (error ? reject(error) : resolve({ ...result, seconds: (last - started) / 1000 })),
    );
    instance.on('start', () => (started = performance.now()));
    instance.on('response', () => (last = performance.now()));
  });
}

const bare = `require('node:http').createServer((q, s) => { q.on('data', () => {}); q.on('end', () => { s.writeHead(204); s.end(); }); }).listen(0, '127.0.0.1', function () { console.log('listening on http://127.0.0.1:' + this.address().port); });`;

console.log(`bench:collector: ${amount} beacons to each server, ${connections} connections, loopback`);
const a = await start(['-e', bare], /listening on (http:\S+)/);
const bareResult = await load(a.url);
a.child.kill('SIGTERM');
await a.exited;

const db = path.join(mkdtempSync(path.join(os.tmpdir(), 'perfgate-bench-')), 'field.db');
const b = await start([path.join(root, 'dist/cli.js'), 'collector', '--db', db, '--port', '0', '--rate-limit', '0'], /listening on (http:\S+)/);
const collectorResult = await load(b.url);
b.child.kill('SIGTERM');
const code = await b.exited;

const accepted = collectorResult.statusCodeStats?.['202']?.count ?? 0;
const rows = new Database(db, { readonly: true }).prepare('SELECT count(*) AS n FROM samples').get().n;
const rate = (r, status) => (r.statusCodeStats?.[status]?.count ?? 0) / r.seconds;
const bareRate = rate(bareResult, '204');
const collectorRate = rate(collectorResult, '202');
console.log(`bare node:http (204):       ${bareRate.toFixed(0)} beacons/s, p99 ${bareResult.latency.p99} ms, errors ${bareResult.errors}, non-2xx ${bareResult.non2xx}`);
console.log(`collector + SQLite (202):   ${collectorRate.toFixed(0)} beacons/s, p99 ${collectorResult.latency.p99} ms, errors ${collectorResult.errors}, non-2xx ${collectorResult.non2xx}`);
console.log(`ratio collector/bare: ${(collectorRate / bareRate).toFixed(2)} (target >= 0.50)`);
console.log(`202 answers: ${accepted}, rows stored: ${rows}, lost: ${accepted - rows} (collector exit code ${code})`);
if (rows !== accepted) process.exitCode = 1;
