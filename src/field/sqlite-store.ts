import type Database from 'better-sqlite3';
import { loadOptionalPackage } from '../optional-package.js';
import { GroupCommit } from './group-commit.js';
import { bucketOf } from './histogram.js';
import { CarriedTargets, TOP_TARGETS_PARAMS, TOP_TARGETS_SQLITE } from './carried-targets.js';
import { fullTargetKeys, planBatch, targetKeys } from './rollup-deltas.js';
import { EXISTING_COLUMNS, existingSample, phaseColumns, type ExistingRow } from './sample-columns.js';
import { targetKeyText } from './target-deltas.js';
import { queryTargets } from './target-queries.js';
import { daysToKeep, keepDay } from './daily-p75.js';
import {
  ADD_TO_RECENT_TARGETS,
  advanceRecent,
  FILL_RECENT_TARGETS,
  fillRecent,
  RECENT_TABLES_SQLITE,
  RECENT_TARGETS_SQLITE,
  recentFrom,
} from './recent-window.js';
import { queryAggregates, querySummary } from './rollup-queries.js';
import { CHECKPOINTS, type CheckpointPolicy, startSqliteCheckpointer } from './sqlite-checkpointer.js';
import { openSqliteReader } from './sqlite-reader.js';
import { dayOf, DAY_MS, lastPerId, type FieldStore, type StoreHealth, type StoredSample } from './store.js';
import type { FieldMetricName } from './wire.js';

/** The schema version this code writes (PRAGMA user_version); a file without one but with samples is version 1. */
const VERSION = 4;

const SAMPLES = `
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
CREATE INDEX IF NOT EXISTS samples_by_time ON samples (received_at);`;

/** Daily histograms per page × metric × device (see histogram.ts), and samples per page × metric × day: what every read uses. */
const ROLLUPS = `
CREATE TABLE IF NOT EXISTS rollups (
  day INTEGER NOT NULL,
  page TEXT NOT NULL,
  metric TEXT NOT NULL,
  device TEXT NOT NULL,
  bucket INTEGER NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (day, page, metric, device, bucket)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS rollups_by_page ON rollups (page, metric, day);
CREATE TABLE IF NOT EXISTS rollups_all (
  day INTEGER NOT NULL,
  page TEXT NOT NULL,
  metric TEXT NOT NULL,
  bucket INTEGER NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (day, page, metric, bucket)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS rollups_all_by_page ON rollups_all (page, metric, day, bucket);
CREATE TABLE IF NOT EXISTS page_days (
  day INTEGER NOT NULL,
  page TEXT NOT NULL,
  metric TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (day, page, metric)
) WITHOUT ROWID;`;

/**
 * Each sample's attribution target and INP phases, the targets' daily histograms with their phase
 * sums, and the targets named per day, page and metric (what a batch reads to keep them at TARGETS_PER_DAY).
 */
const TARGETS = `
ALTER TABLE samples ADD COLUMN target TEXT;
ALTER TABLE samples ADD COLUMN input_delay REAL;
ALTER TABLE samples ADD COLUMN processing_duration REAL;
ALTER TABLE samples ADD COLUMN presentation_delay REAL;
CREATE TABLE IF NOT EXISTS target_rollups (
  day INTEGER NOT NULL,
  page TEXT NOT NULL,
  metric TEXT NOT NULL,
  target TEXT NOT NULL,
  bucket INTEGER NOT NULL,
  count INTEGER NOT NULL,
  phased INTEGER NOT NULL,
  input_delay REAL NOT NULL,
  processing_duration REAL NOT NULL,
  presentation_delay REAL NOT NULL,
  PRIMARY KEY (day, page, metric, target, bucket)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS target_names (
  day INTEGER NOT NULL,
  page TEXT NOT NULL,
  metric TEXT NOT NULL,
  target TEXT NOT NULL,
  PRIMARY KEY (day, page, metric, target)
) WITHOUT ROWID;`;

/**
 * Brings a file to VERSION: version 1 (samples only) gains its daily rollups, computed from its
 * samples; version 2 the rolling window of the last 28 days (recent-window.ts), from those, and
 * the kept p75 of ended days (daily-p75.ts); version 3 the attribution build's targets (each
 * sample's, and their daily histograms: target-deltas.ts).
 */
function migrate(db: Database.Database, nowMs: number): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > VERSION) throw new Error(`the file was written by a newer perfgate (schema version ${version}; this one knows ${VERSION})`);
  if (version === VERSION) return;
  db.function('perfgate_bucket', { deterministic: true }, (metric, value) => bucketOf(metric as FieldMetricName, value as number));
  db.transaction(() => {
    if (version < 2) toVersion2(db);
    if (version < 3) {
      db.exec(RECENT_TABLES_SQLITE);
      db.exec('ALTER TABLE page_days ADD COLUMN p75 REAL');
      for (const [sql, params] of fillRecent(recentFrom(nowMs))) db.prepare(sql).run(...params);
    }
    db.exec(TARGETS);
    db.exec(RECENT_TARGETS_SQLITE);
    db.exec(FILL_RECENT_TARGETS);
    db.pragma(`user_version = ${VERSION}`);
  })();
}

function toVersion2(db: Database.Database): void {
  db.exec(SAMPLES);
  db.exec(ROLLUPS);
  db.exec('DROP INDEX IF EXISTS samples_by_page');
  db.exec(`INSERT INTO rollups (day, page, metric, device, bucket, count)
    SELECT received_at / ${DAY_MS}, page, name, device, perfgate_bucket(name, value), count(*) FROM samples
    GROUP BY received_at / ${DAY_MS}, page, name, device, perfgate_bucket(name, value)`);
  db.exec('INSERT INTO rollups_all (day, page, metric, bucket, count) SELECT day, page, metric, bucket, sum(count) FROM rollups GROUP BY 1, 2, 3, 4');
  db.exec(`INSERT INTO page_days (day, page, metric, count) SELECT received_at / ${DAY_MS}, page, name, count(*) FROM samples GROUP BY 1, 2, 3`);
}

/**
 * The embedded store: one SQLite file in WAL mode. A committed batch is in the WAL file before the
 * 202 goes out, so it survives a killed or crashed process. With `synchronous: 'full'` it also
 * survives a power cut, at the cost of an fsync per batch (the default 'normal' leaves that to
 * checkpoints, which a thread of their own runs: sqlite-checkpointer.ts). Inserts are
 * group-committed: one transaction for every beacon that arrived within a couple of milliseconds,
 * holding the samples and their daily histogram counts. Reads (summaries, the dashboard's
 * aggregates) run on a worker thread over a read-only connection. `maxBytes` caps the file (writes
 * past it fail, and the collector answers 503, until retention frees pages).
 */
export function openSqliteStore(
  file: string,
  options: {
    synchronous?: 'normal' | 'full';
    maxBytes?: number;
    now?: () => number;
    checkpoints?: CheckpointPolicy;
    onError?: (event: string, error: Error) => void;
  } = {},
): FieldStore {
  const now = options.now ?? Date.now;
  const SQLite = loadOptionalPackage<typeof Database>('better-sqlite3', 'The collector’s SQLite store (--db)', (SQLite) => new SQLite(':memory:').close());
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma('busy_timeout = 5000');
  // Checkpoints run on a thread of their own (sqlite-checkpointer.ts), not inside this connection's
  // commits; SQLite's own, past netPages, is a net should that thread fall behind.
  const policy = options.checkpoints ?? CHECKPOINTS;
  db.pragma(`wal_autocheckpoint = ${policy.netPages}`);
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.pragma(`journal_size_limit = ${policy.restartPages * pageSize}`);
  if (options.maxBytes) db.pragma(`max_page_count = ${Math.max(1, Math.floor(options.maxBytes / pageSize))}`);
  migrate(db, now());

  const insert =
    db.prepare(`INSERT INTO samples (metric_id, name, value, delta, rating, navigation_type, page, release, device, browser, connection, received_at,
      target, input_delay, processing_duration, presentation_delay)
    VALUES (@metricId, @name, @value, @delta, @rating, @navigationType, @page, @release, @device, @browser, @connection, @receivedAt,
      @target, @inputDelay, @processingDuration, @presentationDelay)`);
  const update = db.prepare(
    'UPDATE samples SET value = ?, delta = ?, rating = ?, target = ?, input_delay = ?, processing_duration = ?, presentation_delay = ? WHERE metric_id = ?',
  );
  const existing = db.prepare(`SELECT ${EXISTING_COLUMNS} FROM samples WHERE metric_id IN (SELECT value FROM json_each(?))`);
  const knownTargets = db.prepare('SELECT target FROM target_names WHERE day = ? AND page = ? AND metric = ?').pluck();
  const recentTarget =
    db.prepare(`INSERT INTO recent_targets (page, metric, target, bucket, count, phased, input_delay, processing_duration, presentation_delay)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ${ADD_TO_RECENT_TARGETS}`);
  const targetName = db.prepare('INSERT OR IGNORE INTO target_names (day, page, metric, target) VALUES (?, ?, ?, ?)');
  const topTargets = db.prepare(TOP_TARGETS_SQLITE).pluck();
  const carried = new CarriedTargets();
  const targetRollup =
    db.prepare(`INSERT INTO target_rollups (day, page, metric, target, bucket, count, phased, input_delay, processing_duration, presentation_delay)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (day, page, metric, target, bucket) DO UPDATE SET count = count + excluded.count, phased = phased + excluded.phased,
      input_delay = input_delay + excluded.input_delay, processing_duration = processing_duration + excluded.processing_duration,
      presentation_delay = presentation_delay + excluded.presentation_delay`);
  const rollup = db.prepare(`INSERT INTO rollups (day, page, metric, device, bucket, count) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (day, page, metric, device, bucket) DO UPDATE SET count = count + excluded.count`);
  const rollupAll = db.prepare(`INSERT INTO rollups_all (day, page, metric, bucket, count) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (day, page, metric, bucket) DO UPDATE SET count = count + excluded.count`);
  const pageDay = db.prepare(`INSERT INTO page_days (day, page, metric, count) VALUES (?, ?, ?, ?)
    ON CONFLICT (day, page, metric) DO UPDATE SET count = count + excluded.count, p75 = NULL`);
  const recent = db.prepare(`INSERT INTO recent_rollups (page, metric, device, bucket, count) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (page, metric, device, bucket) DO UPDATE SET count = count + excluded.count`);
  const advance = (day: number) => {
    for (const [sql, params] of advanceRecent(day)) db.prepare(sql).run(...params);
  };
  // This process is the file's only writer: it knows the window's first day.
  const windowFrom = () => (db.prepare('SELECT from_day FROM recent_window').get() as { from_day: number }).from_day;
  let from = windowFrom();
  /** Writes a batch; returns the window's first day, which is `from` once the transaction commits. */
  const writeAll = db.transaction((samples: StoredSample[]): number => {
    let start = from;
    if (recentFrom(now()) > start) {
      advance(recentFrom(now()));
      start = windowFrom();
    }
    const found = (existing.all(JSON.stringify(samples.map((s) => s.metricId))) as ExistingRow[]).map(existingSample);
    const known = new Map(targetKeys(samples, found).map((k) => [targetKeyText(k), knownTargets.all(k.day, k.page, k.metric) as string[]]));
    const full = fullTargetKeys(samples, found, known);
    const missing = carried.missing(full);
    if (missing.length > 0)
      carried.put(missing, new Map(missing.map((k) => [targetKeyText(k), topTargets.all(k.day - 1, k.page, k.metric, ...TOP_TARGETS_PARAMS) as string[]])));
    const plan = planBatch(samples, found, known, carried.of(full));
    for (const sample of plan.inserts) {
      const { phases: _, ...columns } = sample;
      insert.run({ ...columns, target: sample.target ?? null, ...phaseColumns(sample) });
    }
    for (const { sample } of plan.updates) {
      const { inputDelay, processingDuration, presentationDelay } = phaseColumns(sample);
      update.run(sample.value, sample.delta, sample.rating, sample.target ?? null, inputDelay, processingDuration, presentationDelay, sample.metricId);
    }
    for (const t of plan.targetNames) targetName.run(t.day, t.page, t.metric, t.target);
    for (const d of plan.targets) {
      targetRollup.run(d.day, d.page, d.metric, d.target, d.bucket, d.count, d.phased, d.inputDelay, d.processingDuration, d.presentationDelay);
      if (d.day >= start) recentTarget.run(d.page, d.metric, d.target, d.bucket, d.count, d.phased, d.inputDelay, d.processingDuration, d.presentationDelay);
    }
    for (const d of plan.rollups) rollup.run(d.day, d.page, d.metric, d.device, d.bucket, d.count);
    for (const d of plan.rollupsAll) rollupAll.run(d.day, d.page, d.metric, d.bucket, d.count);
    for (const d of plan.pageDays) pageDay.run(d.day, d.page, d.metric, d.count);
    for (const d of plan.rollups) if (d.day >= start) recent.run(d.page, d.metric, d.device, d.bucket, d.count);
    for (const d of plan.rollupsAll) if (d.day >= start) recent.run(d.page, d.metric, 'all', d.bucket, d.count);
    return start;
  });
  let lastWriteError: string | null = null;
  let closed = false;
  const commits = new GroupCommit<StoredSample>((samples) => {
    try {
      // IMMEDIATE: the write lock is taken (waiting for another writer's, if any) before the snapshot is read.
      from = writeAll.immediate(lastPerId(samples));
      lastWriteError = null;
    } catch (error) {
      lastWriteError = (error as Error).message;
      throw error;
    }
    try {
      checkpointer.afterCommit(db);
    } catch (error) {
      // The batch is committed whatever happens here: a failed copy is logged, and the thread copies the pages later.
      options.onError?.('sqlite_checkpoint_failed', error as Error);
    }
  });
  // Reads run on a worker thread with their own connection: ingest never waits on a dashboard.
  const reader = openSqliteReader(file);
  const checkpointer = startSqliteCheckpointer(file, {
    policy,
    // Should the thread stop, this connection checkpoints again, every restartPages of WAL, as SQLite does by itself.
    onStopped: (error) => {
      if (!closed) db.pragma(`wal_autocheckpoint = ${policy.restartPages}`);
      options.onError?.('sqlite_checkpoint_thread_stopped', error);
    },
  });
  const { run } = reader;

  return {
    insert: (samples) => commits.add(samples),
    summary: (query) => querySummary(run, query, dayOf(now())),
    aggregates: (query) => queryAggregates(run, query, dayOf(now())),
    targets: (query) => queryTargets(run, query, dayOf(now())),
    async count() {
      const [row] = await run('SELECT count(*) AS n FROM samples', []);
      return Number(row?.n ?? 0);
    },
    async deleteOlderThan(cutoff) {
      await commits.flush();
      const day = dayOf(cutoff);
      const [deleted, start] = db
        .transaction((): [number, number] => {
          // Samples first: the pages they free take the window's changes when the file is full. The rolling
          // window leaves the deleted days (when it reaches that far back) before their rollups go.
          const deleted = db.prepare('DELETE FROM samples WHERE received_at < ?').run(day * DAY_MS).changes;
          advance(Math.max(day, recentFrom(now())));
          db.prepare('DELETE FROM rollups WHERE day < ?').run(day);
          db.prepare('DELETE FROM rollups_all WHERE day < ?').run(day);
          db.prepare('DELETE FROM page_days WHERE day < ?').run(day);
          db.prepare('DELETE FROM target_rollups WHERE day < ?').run(day);
          db.prepare('DELETE FROM target_names WHERE day < ?').run(day);
          return [deleted, windowFrom()];
        })
        .immediate();
      from = start;
      return deleted;
    },
    async keepDailyP75() {
      await commits.flush();
      const days = db
        .prepare(daysToKeep(dayOf(now()))[0])
        .pluck()
        .all(...daysToKeep(dayOf(now()))[1]) as number[];
      for (const day of days) {
        // A day at a time, yielding between days: ingest waits for one day's statement at most.
        await new Promise((resolve) => setImmediate(resolve));
        const [sql, params] = keepDay(day);
        db.prepare(sql).run(...params);
      }
      return days.length;
    },
    async health(): Promise<StoreHealth> {
      if (closed) return { ok: false, store: 'sqlite', error: 'closed' };
      return lastWriteError ? { ok: false, store: 'sqlite', error: `the last write failed: ${lastWriteError}` } : { ok: true, store: 'sqlite' };
    },
    async close() {
      if (closed) return;
      closed = true;
      await commits.flush();
      await Promise.all([reader.close(), checkpointer.close()]);
      // The last connection to close copies the WAL into the file and removes it.
      db.close();
    },
  };
}
