import Database from 'better-sqlite3';
import { GroupCommit } from './group-commit.js';
import { lastPerId, type FieldStore, type StoredSample, type SummaryQuery } from './store.js';
import { summarizeValues } from './summarize.js';
import type { FieldMetricName } from './wire.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS samples (
  metric_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  value REAL NOT NULL,
  delta REAL NOT NULL,
  rating TEXT NOT NULL,
  navigation_type TEXT NOT NULL,
  page TEXT NOT NULL,
  release TEXT,
  device TEXT NOT NULL,
  browser TEXT NOT NULL,
  connection TEXT,
  received_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS samples_by_page ON samples (page, name, received_at);
CREATE INDEX IF NOT EXISTS samples_by_time ON samples (received_at);
`;

/**
 * The embedded store: one SQLite file in WAL mode. A committed batch is in the WAL file before the
 * 202 goes out, so it survives a killed or crashed process. With `synchronous: 'full'` it also
 * survives a power cut, at the cost of an fsync per batch (the default 'normal' leaves that to
 * checkpoints). Inserts are group-committed: one transaction for every beacon that arrived within
 * a couple of milliseconds.
 */
export function openSqliteStore(file: string, options: { synchronous?: 'normal' | 'full' } = {}): FieldStore {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma('busy_timeout = 5000');
  // Checkpoint every ~40 MB of WAL instead of SQLite's 4 MB: the same leaf pages are rewritten by
  // every small commit, and a checkpoint copies each only once; a third less write time under load.
  db.pragma('wal_autocheckpoint = 10000');
  db.exec(SCHEMA);
  const upsert = db.prepare(`INSERT INTO samples (metric_id, name, value, delta, rating, navigation_type, page, release, device, browser, connection, received_at)
    VALUES (@metricId, @name, @value, @delta, @rating, @navigationType, @page, @release, @device, @browser, @connection, @receivedAt)
    ON CONFLICT (metric_id) DO UPDATE SET value = excluded.value, delta = excluded.delta, rating = excluded.rating, received_at = excluded.received_at`);
  const writeAll = db.transaction((samples: StoredSample[]) => {
    for (const sample of samples) upsert.run(sample);
  });
  const commits = new GroupCommit<StoredSample>((samples) => writeAll(lastPerId(samples)));
  let closed = false;

  return {
    insert: (samples) => commits.add(samples),
    async summary(query: SummaryQuery) {
      const where: string[] = [];
      const params: Record<string, unknown> = {};
      if (query.page) (where.push('page = @page'), (params.page = query.page));
      if (query.metric) (where.push('name = @metric'), (params.metric = query.metric));
      if (query.since !== undefined) (where.push('received_at >= @since'), (params.since = query.since));
      if (query.device) (where.push('device = @device'), (params.device = query.device));
      const sql = `SELECT page, name, device, value FROM samples${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`;
      const rows = db.prepare(sql).iterate(params) as Iterable<Parameters<typeof summarizeValues>[0] extends Iterable<infer R> ? R : never>;
      const summary = summarizeValues(rows);
      return query.device ? summary.filter((r) => r.device !== 'all') : summary;
    },
    async samples(since, limit) {
      return db
        .prepare('SELECT page, name, value, received_at AS receivedAt FROM samples WHERE received_at >= ? ORDER BY received_at DESC LIMIT ?')
        .all(since, limit) as Array<{ page: string; name: FieldMetricName; value: number; receivedAt: number }>;
    },
    async count() {
      return (db.prepare('SELECT count(*) AS n FROM samples').get() as { n: number }).n;
    },
    async deleteOlderThan(cutoff) {
      await commits.flush();
      return db.prepare('DELETE FROM samples WHERE received_at < ?').run(cutoff).changes;
    },
    async close() {
      if (closed) return;
      closed = true;
      await commits.flush();
      db.close();
    },
  };
}
