import path from 'node:path';
import { UserError } from '../errors.js';
import type { Io } from '../io.js';
import { formatValue } from '../report/format.js';
import { backupSqlite } from '../field/sqlite-backup.js';

export interface BackupFlags {
  /** Where the copy goes; replaced only once the new copy is whole. */
  to: string;
  /** The collector's SQLite file. */
  db: string;
  /** The collector's PostgreSQL: not backed up here (pg_dump does it). */
  databaseUrl?: string;
}

/** `perfgate backup FILE`: a consistent copy of the collector's SQLite database, taken while the collector runs. */
export async function backupCommand(flags: BackupFlags, io: Io): Promise<number> {
  if (flags.databaseUrl ?? io.env.DATABASE_URL)
    throw new UserError(
      'perfgate backup copies the collector\'s SQLite file; back up PostgreSQL with pg_dump, which also reads one snapshot while the collector writes: pg_dump --format=custom --file=field.dump "$DATABASE_URL" (restore with pg_restore --dbname=...).',
    );
  const file = path.resolve(io.cwd, flags.db);
  const to = path.resolve(io.cwd, flags.to);
  const backup = backupSqlite(file, to);
  const latest =
    backup.latestReceivedAt === null
      ? 'no samples'
      : `the newest received ${new Date(backup.latestReceivedAt).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  io.stdout.write(
    `backed up ${path.relative(io.cwd, file) || file} to ${path.relative(io.cwd, to) || to}: ${backup.samples} samples (${latest}), ${formatValue(backup.bytes, 'bytes')}, checked\n`,
  );
  return 0;
}
