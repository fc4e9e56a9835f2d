import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { UserError } from '../errors.js';
import { loadOptionalPackage } from '../optional-package.js';

/** What a backup holds. */
export interface SqliteBackup {
  /** Samples in the copy. */
  samples: number;
  /** The copy's size. */
  bytes: number;
  /** When the newest sample in the copy was received (ms since the epoch); null when it holds none. */
  latestReceivedAt: number | null;
}

/** Makes what was written to a file (or a folder's entries) durable before going on. */
function fsyncPath(file: string): void {
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Copies the collector's SQLite database to `to` while the collector runs: `VACUUM INTO` reads one
 * snapshot of the database in a read transaction (the WAL lets the collector commit meanwhile, and
 * the copy holds exactly the batches committed when it started), into a file beside `to` that is
 * checked (`integrity_check`), synced to disk and only then renamed to `to`. So `to` is always a
 * whole database, the old copy until the new one is complete. The copy is compacted and opens as
 * the collector's database (`perfgate collector --db TO`).
 */
export function backupSqlite(file: string, to: string): SqliteBackup {
  if (path.resolve(file) === path.resolve(to)) throw new UserError(`${to}: is the database itself; back it up to another file.`);
  if (!existsSync(file)) throw new UserError(`${file}: no such database. Give the collector's SQLite file with --db.`);
  const folder = path.dirname(path.resolve(to));
  if (!existsSync(folder)) throw new UserError(`${to}: its folder ${folder} does not exist. Create it first (mkdir -p ${folder}).`);
  const SQLite = loadOptionalPackage<typeof Database>('better-sqlite3', 'perfgate backup', (SQLite) => new SQLite(':memory:').close());
  const partial = path.join(path.dirname(path.resolve(to)), `.${path.basename(to)}.partial-${process.pid}`);
  rmSync(partial, { force: true });
  const source = new SQLite(file, { fileMustExist: true });
  try {
    source.pragma('busy_timeout = 10000');
    const tables = source.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'samples'").pluck().all();
    if (tables.length === 0)
      throw new UserError(`${file}: is not the collector's database (it has no samples table). Give the file of perfgate collector --db.`);
    source.prepare('VACUUM INTO ?').run(partial);
  } catch (error) {
    rmSync(partial, { force: true });
    if (error instanceof UserError) throw error;
    throw new UserError(`${file}: could not be copied: ${(error as Error).message}`);
  } finally {
    source.close();
  }
  try {
    const copy = new SQLite(partial, { fileMustExist: true });
    let backup: Omit<SqliteBackup, 'bytes'>;
    try {
      const check = copy.pragma('integrity_check', { simple: true });
      if (check !== 'ok') throw new UserError(`${partial}: the copy of ${file} is not sound (${String(check)}); nothing was replaced.`);
      const row = copy.prepare('SELECT count(*) AS samples, max(received_at) AS latest FROM samples').get() as { samples: number; latest: number | null };
      backup = { samples: row.samples, latestReceivedAt: row.latest };
    } finally {
      copy.close();
    }
    // VACUUM INTO does not sync what it wrote: the copy reaches the disk before it replaces the last one.
    fsyncPath(partial);
    renameSync(partial, to);
    fsyncPath(path.dirname(path.resolve(to)));
    return { ...backup, bytes: statSync(to).size };
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}
