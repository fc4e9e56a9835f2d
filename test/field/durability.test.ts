import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { CLI, tempDir, waitUntil } from '../helpers.js';
import { beacon, CHROME_UA, metric } from './beacons.js';

/** Starts `perfgate collector` on a free loopback port and resolves with its URL. */
function startCollector(db: string): Promise<{ child: ChildProcess; url: string; exited: Promise<number | null> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'collector', '--db', db, '--port', '0', '--rate-limit', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      const match = /listening on (http:\/\/\S+)/.exec(stderr);
      if (match) resolve({ child, url: match[1] as string, exited });
    });
    child.on('error', reject);
    setTimeout(() => reject(new Error(`collector did not start:\n${stderr}`)), 15_000).unref();
  });
}

/** Sends one-metric beacons from 8 workers until stopped or bounded (count and time); returns the ids that got 202. */
function load(url: string) {
  const acknowledged: string[] = [];
  let stop = false;
  const started = Date.now();
  const worker = async () => {
    while (!stop && acknowledged.length < 20_000 && Date.now() - started < 20_000) {
      const m = metric();
      try {
        const response = await fetch(`${url}/rum`, {
          method: 'POST',
          body: JSON.stringify(beacon([m])),
          headers: { 'content-type': 'text/plain', 'user-agent': CHROME_UA, origin: url },
        });
        if (response.status === 202) acknowledged.push(m.id);
      } catch {
        // the collector went away mid-request: not acknowledged
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  };
  const done = Promise.all(Array.from({ length: 8 }, worker));
  return {
    acknowledged,
    stop: async () => {
      stop = true;
      await done;
    },
  };
}

const storedIds = (db: string) =>
  new Set((new Database(db, { readonly: true }).prepare('SELECT metric_id FROM samples').all() as Array<{ metric_id: string }>).map((r) => r.metric_id));

describe('the collector never loses an acknowledged beacon', () => {
  it('SIGKILL during a load: after a restart, every beacon that got a 202 is in the store', async () => {
    const db = path.join(tempDir(), 'field.db');
    const first = await startCollector(db);
    const traffic = load(first.url);
    await waitUntil(() => traffic.acknowledged.length >= 300, '300 acknowledged beacons');
    first.child.kill('SIGKILL');
    await first.exited;
    await traffic.stop();
    expect(traffic.acknowledged.length).toBeGreaterThan(100);

    const second = await startCollector(db);
    expect((await fetch(`${second.url}/healthz`)).status).toBe(200);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    const stored = storedIds(db);
    const lost = traffic.acknowledged.filter((id) => !stored.has(id));
    expect(lost).toEqual([]);
  }, 60_000);

  it('SIGTERM during a load: requests in flight finish, the last batch is committed, exit code 0', async () => {
    const db = path.join(tempDir(), 'field.db');
    const collector = await startCollector(db);
    const traffic = load(collector.url);
    await waitUntil(() => traffic.acknowledged.length >= 300, '300 acknowledged beacons');
    collector.child.kill('SIGTERM');
    const code = await collector.exited;
    await traffic.stop();
    expect(code).toBe(0);
    const stored = storedIds(db);
    expect(traffic.acknowledged.length).toBeGreaterThan(100);
    expect(traffic.acknowledged.filter((id) => !stored.has(id))).toEqual([]);
  }, 60_000);
});
