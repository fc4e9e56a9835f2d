import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { startSqliteCheckpointer } from '../../src/field/sqlite-checkpointer.js';
import { openSqliteStore } from '../../src/field/sqlite-store.js';
import type { StoredSample } from '../../src/field/store.js';
import { tempDir } from '../helpers.js';

let n = 0;
const samples = (count: number): StoredSample[] =>
  Array.from({ length: count }, () => ({
    metricId: `v5-wal-${++n}`,
    name: 'LCP',
    value: 500 + (n % 4000),
    delta: 1,
    rating: 'good',
    navigationType: 'navigate',
    page: `/route-${n % 300}`,
    release: null,
    device: n % 2 ? 'mobile' : 'desktop',
    browser: 'Chrome',
    connection: null,
    receivedAt: Date.now() - (n % 20) * 86_400_000,
  }));
const size = (file: string) => (existsSync(file) ? statSync(file).size : 0);

describe('the SQLite store’s checkpoints', () => {
  it('copy the WAL into the database file from another thread, while this one never yields', async () => {
    const file = path.join(tempDir(), 'field.db');
    const store = openSqliteStore(file, { checkpoints: { everyMs: 20, restartPages: 10_000, netPages: 0 } });
    await store.insert(samples(2000));
    const before = size(file);
    // A synchronous wait: no commit, and no checkpoint on this thread, can run until it ends.
    const deadline = Date.now() + 10_000;
    while (size(file) <= before && Date.now() < deadline) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    expect(size(file)).toBeGreaterThan(before);
    await store.close();
  });

  it('start the WAL over again and again under writes that never pause, and once more after a long read ends', async () => {
    const file = path.join(tempDir(), 'field.db');
    const limitPages = 64;
    const store = openSqliteStore(file, { checkpoints: { everyMs: 10, restartPages: limitPages, netPages: 0 } });
    // SQLite adds one to the WAL header's first salt each time it starts the WAL over (https://sqlite.org/fileformat.html#walformat).
    const salt = () => (size(`${file}-wal`) >= 32 ? readFileSync(`${file}-wal`).readUInt32BE(16) : 0);
    const write = async (batches: number) => {
      let peak = 0;
      for (let i = 0; i < batches; i++) {
        await store.insert(samples(100));
        peak = Math.max(peak, size(`${file}-wal`));
      }
      return peak;
    };
    await write(1);
    const first = salt();
    const peak = await write(300);
    // 300 commits of about 190 pages each: some 230 MB went through the WAL, in 8 MB at most at a time.
    expect(salt() - first).toBeGreaterThanOrEqual(10);
    expect(peak).toBeLessThan(32 * 1024 * 1024);

    // A reader that keeps one snapshot open holds the WAL: it grows meanwhile, and is cut back to its limit after.
    const reader = new Database(file, { readonly: true });
    reader.prepare('BEGIN').run();
    reader.prepare('SELECT count(*) FROM samples').get();
    const held = await write(100);
    expect(held).toBeGreaterThan(limitPages * 4096 * 10);
    reader.prepare('COMMIT').run();
    reader.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await write(20);
    expect(size(`${file}-wal`)).toBeLessThan(held / 4);
    expect(await store.count()).toBe(42_100);
    await store.close();
    // The last connection to close copied the WAL into the file and removed it.
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('start the WAL over too under a bulk import whose commits never let the event loop turn', async () => {
    const file = path.join(tempDir(), 'field.db');
    const store = openSqliteStore(file, { checkpoints: { everyMs: 10, restartPages: 64, netPages: 0 } });
    const salt = () => (size(`${file}-wal`) >= 32 ? readFileSync(`${file}-wal`).readUInt32BE(16) : 0);
    await store.insert(samples(10));
    const first = salt();
    let peak = 0;
    // 1 500 samples make two commits at once (GroupCommit's batches of 1 000), with no turn of the event loop between inserts.
    for (let i = 0; i < 60; i++) {
      await store.insert(samples(1500));
      peak = Math.max(peak, size(`${file}-wal`));
    }
    expect(salt() - first).toBeGreaterThanOrEqual(5);
    expect(peak).toBeLessThan(64 * 1024 * 1024);
    expect(await store.count()).toBe(90_010);
    await store.close();
  });

  it('tell when their thread stops other than by close', async () => {
    const stopped = new Promise<Error>((resolve) =>
      startSqliteCheckpointer(path.join(tempDir(), 'missing.db'), { policy: { everyMs: 10, restartPages: 10, netPages: 0 }, onStopped: resolve }),
    );
    expect((await stopped).message).toMatch(/unable to open|does not exist|exited/);
  });
});
