import type pg from 'pg';
import { loadOptionalPackage } from '../optional-package.js';
import { GroupCommit } from './group-commit.js';
import { createPartition, migrate, numbered, partitionDay } from './postgres-schema.js';
import { daysToKeep, keepDay } from './daily-p75.js';
import { ADD_TO_RECENT_TARGETS, advanceRecent, recentFrom } from './recent-window.js';
import { CarriedTargets, TOP_TARGETS_PARAMS, TOP_TARGETS_POSTGRES } from './carried-targets.js';
import { candidateTargetKeys, fullTargetKeys, planBatch } from './rollup-deltas.js';
import { EXISTING_COLUMNS, existingSample, phaseColumns, type ExistingRow } from './sample-columns.js';
import { targetKeyText } from './target-deltas.js';
import { queryTargets } from './target-queries.js';
import { queryAggregates, querySummary } from './rollup-queries.js';
import type { RunQuery } from './rollup-where.js';
import { dayOf, DAY_MS, lastPerId, type FieldStore, type StoreHealth, type StoredSample } from './store.js';
import type { FieldMetricName } from './wire.js';

/** Timeouts of the PostgreSQL store, in ms. */
export interface PostgresTimeouts {
  /** Connecting, or waiting for a free connection of the pool (default 2000). */
  connectMs: number;
  /** Waiting for a lock held by another session (default 2000). */
  lockMs: number;
  /** One statement on the server (default 10000). */
  statementMs: number;
  /** One query as the client waits for it, for a server that stopped answering (default 12000). */
  queryMs: number;
}

const DEFAULT_TIMEOUTS: PostgresTimeouts = { connectMs: 2000, lockMs: 2000, statementMs: 10_000, queryMs: 12_000 };

/**
 * A pool's settings: every wait bounded (connect, lock, statement, query). Writes get two
 * connections; reads four, each taking one core of the database at most (no parallel workers),
 * so that a dashboard never starves ingest of CPU, and sorting their rollup rows in memory.
 */
export function postgresPoolConfig(connectionString: string, use: 'read' | 'write', timeouts: Partial<PostgresTimeouts> = {}): pg.PoolConfig {
  const t = { ...DEFAULT_TIMEOUTS, ...timeouts };
  return {
    connectionString,
    max: use === 'read' ? 4 : 2,
    connectionTimeoutMillis: t.connectMs,
    lock_timeout: t.lockMs,
    statement_timeout: t.statementMs,
    query_timeout: t.queryMs,
    idle_in_transaction_session_timeout: t.statementMs,
    keepAlive: true,
    idleTimeoutMillis: 30_000,
    ...(use === 'read' ? { options: '-c max_parallel_workers_per_gather=0 -c work_mem=64MB' } : {}),
  };
}

/** Serialises batch writes of every collector on the database, so a repeated metric id is counted once. */
const WRITE_LOCK = 7374102;

/** Placeholders $from..$(from+n-1) as a comma-separated list with casts. */
const casts = (from: number, types: string[]) => types.map((type, i) => `$${from + i}::${type}[]`).join(', ');
const SAMPLE_TYPES = [
  'text',
  'text',
  'float8',
  'float8',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'bigint',
  'text',
  'float8',
  'float8',
  'float8',
];
const UPDATE_TYPES = ['text', 'bigint', 'float8', 'float8', 'text', 'text', 'float8', 'float8', 'float8'];
const ROLLUP_TYPES = ['int', 'text', 'text', 'text', 'int', 'bigint'];
const ROLLUP_ALL_TYPES = ['int', 'text', 'text', 'int', 'bigint'];
const PAGE_DAY_TYPES = ['int', 'text', 'text', 'bigint'];
const TARGET_TYPES = ['int', 'text', 'text', 'text', 'int', 'bigint', 'bigint', 'float8', 'float8', 'float8'];
const TARGET_NAME_TYPES = ['int', 'text', 'text', 'text'];
/** Where each array of CHANGES starts among its parameters. */
const AT = (() => {
  const order = [SAMPLE_TYPES, UPDATE_TYPES, ROLLUP_TYPES, ROLLUP_ALL_TYPES, PAGE_DAY_TYPES, TARGET_TYPES, TARGET_NAME_TYPES];
  const starts = order.map((_, i) => 1 + order.slice(0, i).reduce((n, types) => n + types.length, 0));
  const [samples, updates, rollups, rollupsAll, pageDays, targets, targetNames] = starts as [number, number, number, number, number, number, number];
  return { samples, updates, rollups, rollupsAll, pageDays, targets, targetNames };
})();

/**
 * A batch's changes as one statement (one round trip): new samples, values of repeated ids, and
 * the histogram counts (daily, and the rolling window's for days it covers, and the attribution
 * targets'), each as arrays (unnest), so its size never meets a parameter limit.
 */
const CHANGES = `WITH inserted AS (
    INSERT INTO samples (metric_id, name, value, delta, rating, navigation_type, page, release, device, browser, connection, received_at,
      target, input_delay, processing_duration, presentation_delay)
    SELECT * FROM unnest(${casts(AT.samples, SAMPLE_TYPES)})
  ), updated AS (
    UPDATE samples s SET value = u.value, delta = u.delta, rating = u.rating, target = u.target,
      input_delay = u.input_delay, processing_duration = u.processing_duration, presentation_delay = u.presentation_delay
    FROM unnest(${casts(AT.updates, UPDATE_TYPES)})
      AS u(metric_id, received_at, value, delta, rating, target, input_delay, processing_duration, presentation_delay)
    WHERE s.metric_id = u.metric_id AND s.received_at = u.received_at
  ), merged AS (
    INSERT INTO rollups_all (day, page, metric, bucket, count)
    SELECT * FROM unnest(${casts(AT.rollupsAll, ROLLUP_ALL_TYPES)})
    ON CONFLICT (day, page, metric, bucket) DO UPDATE SET count = rollups_all.count + EXCLUDED.count
  ), recent AS (
    INSERT INTO recent_rollups (page, metric, device, bucket, count)
    SELECT page, metric, device, bucket, SUM(count) FROM (
      SELECT * FROM unnest(${casts(AT.rollups, ROLLUP_TYPES)}) AS d(day, page, metric, device, bucket, count)
      UNION ALL SELECT day, page, metric, 'all', bucket, count FROM unnest(${casts(AT.rollupsAll, ROLLUP_ALL_TYPES)}) AS a(day, page, metric, bucket, count)
    ) d WHERE day >= (SELECT from_day FROM recent_window) GROUP BY page, metric, device, bucket
    ON CONFLICT (page, metric, device, bucket) DO UPDATE SET count = recent_rollups.count + EXCLUDED.count
  ), counted AS (
    INSERT INTO page_days (day, page, metric, count)
    SELECT * FROM unnest(${casts(AT.pageDays, PAGE_DAY_TYPES)})
    ON CONFLICT (day, page, metric) DO UPDATE SET count = page_days.count + EXCLUDED.count, p75 = NULL
  ), targeted AS (
    INSERT INTO target_rollups (day, page, metric, target, bucket, count, phased, input_delay, processing_duration, presentation_delay)
    SELECT * FROM unnest(${casts(AT.targets, TARGET_TYPES)})
    ON CONFLICT (day, page, metric, target, bucket) DO UPDATE SET count = target_rollups.count + EXCLUDED.count,
      phased = target_rollups.phased + EXCLUDED.phased, input_delay = target_rollups.input_delay + EXCLUDED.input_delay,
      processing_duration = target_rollups.processing_duration + EXCLUDED.processing_duration,
      presentation_delay = target_rollups.presentation_delay + EXCLUDED.presentation_delay
  ), recent_targeted AS (
    INSERT INTO recent_targets (page, metric, target, bucket, count, phased, input_delay, processing_duration, presentation_delay)
    SELECT page, metric, target, bucket, SUM(count), SUM(phased), SUM(input_delay), SUM(processing_duration), SUM(presentation_delay)
    FROM unnest(${casts(AT.targets, TARGET_TYPES)})
      AS t(day, page, metric, target, bucket, count, phased, input_delay, processing_duration, presentation_delay)
    WHERE day >= (SELECT from_day FROM recent_window) GROUP BY page, metric, target, bucket
    ${ADD_TO_RECENT_TARGETS}
  ), named AS (
    INSERT INTO target_names (day, page, metric, target)
    SELECT * FROM unnest(${casts(AT.targetNames, TARGET_NAME_TYPES)})
    ON CONFLICT DO NOTHING
  )
  INSERT INTO rollups (day, page, metric, device, bucket, count)
  SELECT * FROM unnest(${casts(AT.rollups, ROLLUP_TYPES)})
  ON CONFLICT (day, page, metric, device, bucket) DO UPDATE SET count = rollups.count + EXCLUDED.count`;

/**
 * What a batch reads before it writes, as JSON in one row: the stored rows of its metric ids, and
 * the targets named on the days, pages and metrics it may count under (target-deltas.ts).
 */
const LOOK_UPS = `SELECT
  (SELECT coalesce(json_agg(e), '[]'::json) FROM (
    SELECT ${EXISTING_COLUMNS} FROM samples WHERE received_at >= $1 AND metric_id = ANY($2::text[])) e) AS existing,
  (SELECT coalesce(json_agg(k), '[]'::json) FROM (
    SELECT t.day, t.page, t.metric, t.target FROM target_names t
    JOIN unnest($3::int[], $4::text[], $5::text[]) AS k(day, page, metric)
      ON t.day = k.day AND t.page = k.page COLLATE "C" AND t.metric = k.metric COLLATE "C") k) AS known`;

const columns = <T>(rows: readonly T[], ...pick: Array<(row: T) => unknown>) => pick.map((f) => rows.map(f));

/**
 * The PostgreSQL store, for when one machine is not enough. Samples live in daily partitions
 * (retention drops whole days), time is indexed with BRIN, and every read comes from the daily
 * histogram rollups. A batch is one transaction: its samples (one multi-row insert of arrays) and
 * its histogram counts commit together or not at all. Writes and reads use separate pools, so a
 * slow read never holds up ingest; every wait is bounded (connect, lock, statement, query), and an
 * idle connection's error (a restart, a failover, pg_terminate_backend) is logged, never fatal.
 */
export async function openPostgresStore(
  connectionString: string,
  options: { timeouts?: Partial<PostgresTimeouts>; onError?: (event: string, error: Error) => void; maxPending?: number; now?: () => number } = {},
): Promise<FieldStore> {
  const now = options.now ?? Date.now;
  const t = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const onError = options.onError ?? (() => undefined);
  const { Pool } = loadOptionalPackage<typeof pg>('pg', 'The collector’s PostgreSQL store (--database-url)');
  const writer = new Pool(postgresPoolConfig(connectionString, 'write', t));
  const reader = new Pool(postgresPoolConfig(connectionString, 'read', t));
  for (const [name, pool] of [
    ['write', writer],
    ['read', reader],
  ] as const)
    pool.on('error', (error) => onError(`postgres_${name}_connection_error`, error));
  try {
    await migrate(writer, now());
  } catch (error) {
    await Promise.all([writer.end(), reader.end()]);
    throw error;
  }
  const knownDays = new Set<number>();
  const ensurePartitions = async (days: Iterable<number>) => {
    for (const day of days) {
      if (knownDays.has(day)) continue;
      await createPartition(writer, day);
      knownDays.add(day);
    }
  };
  const today = dayOf(now());
  await ensurePartitions([today - 1, today, today + 1]);
  /** The rolling window's first day as this process last moved it (another collector may have moved it further). */
  let windowFrom = Number.NEGATIVE_INFINITY;
  /** The day before's most counted targets of the days, pages and metrics whose new names ran out (carried-targets.ts). */
  const carried = new CarriedTargets();
  const advance = async (client: pg.ClientBase, day: number) => {
    for (const [sql, params] of advanceRecent(day)) await client.query(numbered(sql), params);
  };

  /** Runs `work` in a transaction under the writers' lock (maintenance; batch writes have their own, which handles a lost connection). */
  const inTransaction = async (work: (client: pg.PoolClient) => Promise<void>) => {
    const client = await writer.connect();
    let failed: Error | undefined;
    try {
      await client.query(`BEGIN; SELECT pg_advisory_xact_lock(${WRITE_LOCK})`);
      await work(client);
      await client.query('COMMIT');
    } catch (error) {
      failed = error as Error;
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release(failed);
    }
  };
  const write = async (all: StoredSample[]) => {
    const samples = lastPerId(all);
    const days = new Set(samples.map((s) => dayOf(s.receivedAt)));
    await ensurePartitions(days);
    const client = await writer.connect();
    let broken: Error | undefined;
    // A connection lost mid-transaction also emits 'error' on the client, which the pool only handles while it is idle.
    const lost = (error: Error) => {
      broken = error;
      onError('postgres_write_connection_error', error);
    };
    client.on('error', lost);
    try {
      await client.query(`BEGIN; SELECT pg_advisory_xact_lock(${WRITE_LOCK})`);
      const from = recentFrom(now());
      if (from > windowFrom) await advance(client, from);
      // One round trip: the rows a repeated id replaces (looked for from the day before the batch's first day, for a
      // page left open over midnight), and the targets named on the days, pages and metrics the batch may count under.
      const keys = candidateTargetKeys(samples);
      const { rows } = await client.query<{ existing: ExistingRow[]; known: Array<{ day: number; page: string; metric: FieldMetricName; target: string }> }>(
        LOOK_UPS,
        [
          (Math.min(...days) - 1) * DAY_MS,
          samples.map((s) => s.metricId),
          ...columns(
            keys,
            (k) => k.day,
            (k) => k.page,
            (k) => k.metric,
          ),
        ],
      );
      const existing = rows[0]!.existing.map(existingSample);
      const known = new Map<string, string[]>(keys.map((k) => [targetKeyText(k), []]));
      for (const t of rows[0]!.known) known.get(targetKeyText(t))?.push(t.target);
      const full = fullTargetKeys(samples, existing, known);
      const missing = carried.missing(full);
      if (missing.length > 0) {
        const top = await client.query<{ day: number; page: string; metric: FieldMetricName; target: string }>(TOP_TARGETS_POSTGRES, [
          ...columns(
            missing,
            (k) => k.day,
            (k) => k.page,
            (k) => k.metric,
          ),
          ...TOP_TARGETS_PARAMS,
        ]);
        const names = new Map<string, string[]>();
        for (const t of top.rows) names.set(targetKeyText(t), [...(names.get(targetKeyText(t)) ?? []), t.target]);
        carried.put(missing, names);
      }
      const plan = planBatch(samples, existing, known, carried.of(full));
      await client.query(CHANGES, [
        ...columns(
          plan.inserts,
          (s) => s.metricId,
          (s) => s.name,
          (s) => s.value,
          (s) => s.delta,
          (s) => s.rating,
          (s) => s.navigationType,
          (s) => s.page,
          (s) => s.release,
          (s) => s.device,
          (s) => s.browser,
          (s) => s.connection,
          (s) => s.receivedAt,
          (s) => s.target ?? null,
          (s) => phaseColumns(s).inputDelay,
          (s) => phaseColumns(s).processingDuration,
          (s) => phaseColumns(s).presentationDelay,
        ),
        ...columns(
          plan.updates,
          (u) => u.existing.metricId,
          (u) => u.existing.receivedAt,
          (u) => u.sample.value,
          (u) => u.sample.delta,
          (u) => u.sample.rating,
          (u) => u.sample.target ?? null,
          (u) => phaseColumns(u.sample).inputDelay,
          (u) => phaseColumns(u.sample).processingDuration,
          (u) => phaseColumns(u.sample).presentationDelay,
        ),
        ...columns(
          plan.rollups,
          (d) => d.day,
          (d) => d.page,
          (d) => d.metric,
          (d) => d.device,
          (d) => d.bucket,
          (d) => d.count,
        ),
        ...columns(
          plan.rollupsAll,
          (d) => d.day,
          (d) => d.page,
          (d) => d.metric,
          (d) => d.bucket,
          (d) => d.count,
        ),
        ...columns(
          plan.pageDays,
          (d) => d.day,
          (d) => d.page,
          (d) => d.metric,
          (d) => d.count,
        ),
        ...columns(
          plan.targets,
          (d) => d.day,
          (d) => d.page,
          (d) => d.metric,
          (d) => d.target,
          (d) => d.bucket,
          (d) => d.count,
          (d) => d.phased,
          (d) => d.inputDelay,
          (d) => d.processingDuration,
          (d) => d.presentationDelay,
        ),
        ...columns(
          plan.targetNames,
          (t) => t.day,
          (t) => t.page,
          (t) => t.metric,
          (t) => t.target,
        ),
      ]);
      await client.query('COMMIT');
      windowFrom = Math.max(windowFrom, from);
      lastWriteError = null;
    } catch (error) {
      broken = error as Error;
      lastWriteError = broken.message;
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.off('error', lost);
      // A connection that failed mid-transaction is not given back to the pool.
      client.release(broken);
    }
  };
  let lastWriteError: string | null = null;
  const commits = new GroupCommit<StoredSample>(write, { maxBatch: 5000, maxPending: options.maxPending ?? 20_000 });
  const run: RunQuery = async (sql, params) => (await reader.query(numbered(sql), params)).rows;
  let closed = false;

  return {
    insert: (samples) => commits.add(samples),
    summary: (query) => querySummary(run, query, dayOf(now())),
    aggregates: (query) => queryAggregates(run, query, dayOf(now())),
    targets: (query) => queryTargets(run, query, dayOf(now())),
    async count() {
      const { rows } = await reader.query<{ n: string }>('SELECT count(*) AS n FROM samples');
      return Number(rows[0]?.n ?? 0);
    },
    async deleteOlderThan(cutoff) {
      await commits.flush().catch(() => undefined);
      const day = dayOf(cutoff);
      const { rows } = await writer.query<{ relname: string }>(
        `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'samples'::regclass ORDER BY c.relname`,
      );
      const old = rows.map((r) => r.relname).filter((name) => partitionDay(name) < day);
      const { rows: counted } = await writer.query<{ n: string | null }>('SELECT sum(count) AS n FROM rollups WHERE day < $1', [day]);
      // Detached without blocking readers or writers of the other days, then dropped as a plain table.
      for (const name of old) {
        await writer.query(`ALTER TABLE samples DETACH PARTITION ${name} CONCURRENTLY`);
        await writer.query(`DROP TABLE ${name}`);
        knownDays.clear();
      }
      // The rolling window leaves the deleted days first (when it reaches that far back).
      const from = Math.max(day, recentFrom(now()));
      await inTransaction(async (client) => {
        await advance(client, from);
        for (const table of ['rollups', 'rollups_all', 'page_days', 'target_rollups', 'target_names'])
          await client.query(`DELETE FROM ${table} WHERE day < $1`, [day]);
      });
      windowFrom = Math.max(windowFrom, from);
      await ensurePartitions([dayOf(now()), dayOf(now()) + 1]);
      return Number(counted[0]?.n ?? 0);
    },
    async keepDailyP75() {
      await commits.flush().catch(() => undefined);
      const [find, findParams] = daysToKeep(dayOf(now()));
      const { rows } = await writer.query<{ day: number }>(numbered(find), findParams);
      for (const { day } of rows) {
        // A day per transaction, under the writers' lock so that no write changes the day in between: ingest waits for one day at most.
        await inTransaction(async (client) => {
          const [sql, params] = keepDay(day);
          await client.query(numbered(sql), params);
        });
      }
      // The planner's idea of how many days lack a kept p75 changes with every day kept; the dashboard's read of
      // the others' histograms (index look-ups for a few days, not a scan of every day) depends on it.
      if (rows.length > 0) await writer.query('ANALYZE page_days');
      return rows.length;
    },
    async health(): Promise<StoreHealth> {
      if (closed) return { ok: false, store: 'postgresql', error: 'closed' };
      try {
        await writer.query({ text: 'SELECT 1', query_timeout: Math.min(1000, t.queryMs) } as pg.QueryConfig);
      } catch (error) {
        return { ok: false, store: 'postgresql', error: `cannot reach the database: ${(error as Error).message}` };
      }
      return lastWriteError ? { ok: false, store: 'postgresql', error: `the last write failed: ${lastWriteError}` } : { ok: true, store: 'postgresql' };
    },
    async close() {
      if (closed) return;
      closed = true;
      await commits.flush();
      await Promise.all([writer.end(), reader.end()]);
    },
  };
}
