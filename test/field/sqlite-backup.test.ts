import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/field/sqlite-store.js';
import { runCli, runMain, tempDir } from '../helpers.js';
import { storedSample } from './stored-sample.js';

const PAGES = ['home', 'checkout', 'search'];
/** A batch of 20 samples as the collector stores them, over three pages and two metrics. */
const batch = (i: number) =>
  Array.from({ length: 20 }, (_, k) =>
    storedSample(Date.now(), { page: PAGES[(i + k) % 3] as string, name: k % 2 ? 'LCP' : 'INP', value: 100 + ((i * 37 + k * 11) % 3000) }),
  );

describe('perfgate backup: the collector’s SQLite database, copied while it takes beacons', () => {
  it('copies one committed snapshot (each sample with its histogram counts) between what was acknowledged before and after, while batches keep committing; the copy opens as the collector’s database', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'field.db');
    const store = openSqliteStore(file);
    let acknowledged = 0;
    const write = async (i: number) => {
      await store.insert(batch(i));
      acknowledged += 20;
    };
    for (let i = 0; i < 200; i++) await write(i);
    // An earlier copy stays whole until the new one replaces it.
    const to = path.join(dir, 'backups', 'field.db');
    const backups = path.dirname(to);
    mkdirSync(backups);
    writeFileSync(to, 'yesterday');

    const before = acknowledged;
    let running = true;
    const copying = runCli(['backup', '--db', file, to], { cwd: dir }).finally(() => (running = false));
    // The collector keeps committing beacons while the copy is taken (bounded: 3000 batches or 20 s).
    const started = Date.now();
    let during = 0;
    for (let i = 200; running && i < 3200 && Date.now() - started < 20_000; i++, during++) await write(i);
    const result = await copying;
    const after = acknowledged;
    expect(result.code, result.stderr).toBe(0);
    expect(during, 'batches committed while the copy was taken').toBeGreaterThan(0);

    const copy = new Database(to, { readonly: true, fileMustExist: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      const samples = copy.prepare('SELECT count(*) FROM samples').pluck().get() as number;
      expect(samples).toBeGreaterThanOrEqual(before);
      expect(samples).toBeLessThanOrEqual(after);
      expect(samples % 20, 'whole batches only').toBe(0);
      // One snapshot: every sample's histogram counts are in it, and no count of a batch it lacks.
      expect(copy.prepare('SELECT sum(count) FROM rollups_all').pluck().get()).toBe(samples);
      expect(copy.prepare('SELECT sum(count) FROM page_days').pluck().get()).toBe(samples);
      expect(result.stdout).toContain(`backed up field.db to backups/field.db: ${samples} samples (the newest received `);
      expect(result.stdout).toMatch(/ UTC\), [\d.]+ [kM]B, checked\n$/);
    } finally {
      copy.close();
    }
    expect(readdirSync(backups)).toEqual(['field.db']);

    // Once the writes stop, a copy answers as the database does, opened as the collector opens it.
    await store.close();
    const again = await runMain(['backup', '--db', file, to], { cwd: dir });
    expect(again.code, again.stderr).toBe(0);
    const original = openSqliteStore(file);
    const restored = openSqliteStore(to);
    try {
      const summary = await original.summary({});
      // 3 pages × 2 metrics, each for phones and for all devices.
      expect(summary.length).toBe(12);
      expect(await restored.summary({})).toEqual(summary);
    } finally {
      await original.close();
      await restored.close();
    }
  }, 90_000);

  it.each([
    ['no such database', (dir: string) => ['backup', '--db', path.join(dir, 'missing.db'), 'copy.db'], 'missing.db: no such database'],
    [
      'another SQLite file',
      (dir: string) => {
        new Database(path.join(dir, 'other.db')).exec('CREATE TABLE t (x)');
        return ['backup', '--db', path.join(dir, 'other.db'), 'copy.db'];
      },
      "other.db: is not the collector's database (it has no samples table)",
    ],
    ['the database itself', (dir: string) => ['backup', '--db', path.join(dir, 'field.db'), path.join(dir, 'field.db')], 'is the database itself'],
    [
      'a copy in a folder that does not exist',
      (dir: string) => {
        new Database(path.join(dir, 'field.db')).exec('CREATE TABLE samples (x)');
        return ['backup', '--db', path.join(dir, 'field.db'), path.join(dir, 'nowhere', 'copy.db')];
      },
      `nowhere/copy.db: its folder`,
    ],
    ['PostgreSQL', () => ['backup', '--database-url', 'postgres://u@127.0.0.1:1/field', 'copy.db'], 'back up PostgreSQL with pg_dump'],
  ])('says what is wrong, exit 2, and writes nothing: %s', async (_, args, message) => {
    const dir = tempDir();
    const result = await runMain(args(dir), { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(existsSync(path.join(dir, 'copy.db'))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('partial'))).toEqual([]);
  });
});
