import type pg from 'pg';
import { BUCKET_RATIO, bucketUnitSql } from './histogram.js';
import { FILL_RECENT_TARGETS, fillRecent, RECENT_TABLES_POSTGRES, RECENT_TARGETS_POSTGRES, recentFrom } from './recent-window.js';
import { DAY_MS, dayText } from './store.js';

/** `?` placeholders numbered for PostgreSQL ($1, $2, ...). */
export const numbered = (sql: string): string => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

/** The name of a day's partition of `samples`: samples_d20261201. */
export const partitionName = (day: number): string => `samples_d${dayText(day).replaceAll('-', '')}`;

/** The UTC day of a partition from its name; NaN for a table not named by partitionName. */
export function partitionDay(name: string): number {
  const match = /^samples_d(\d{4})(\d{2})(\d{2})$/.exec(name);
  return match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / DAY_MS : Number.NaN;
}

/** Creates the partition of `samples` for one UTC day, unless it exists. */
export async function createPartition(client: pg.ClientBase | pg.Pool, day: number): Promise<void> {
  try {
    await client.query(`CREATE TABLE IF NOT EXISTS ${partitionName(day)} PARTITION OF samples FOR VALUES FROM (${day * DAY_MS}) TO (${(day + 1) * DAY_MS})`);
  } catch (error) {
    // Another collector created it between IF NOT EXISTS and the insert of the catalog row.
    if ((error as { code?: string }).code !== '42P07' && (error as { code?: string }).code !== '23505') throw error;
  }
}

/** bucketOf (histogram.ts) in SQL, with the same guard against rounding at bucket edges. */
const BUCKET_FUNCTION = `
CREATE OR REPLACE FUNCTION perfgate_bucket(metric TEXT, value DOUBLE PRECISION) RETURNS INTEGER
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN s < 1 OR s IS NULL THEN 0
    ELSE k - (CASE WHEN s < power(${BUCKET_RATIO}::float8, k - 1) THEN 1 ELSE 0 END) + (CASE WHEN s >= power(${BUCKET_RATIO}::float8, k) THEN 1 ELSE 0 END) END
  FROM (SELECT s, (CASE WHEN s >= 1 THEN floor(ln(s) / ln(${BUCKET_RATIO}::float8))::int + 1 ELSE 0 END) AS k
        FROM (SELECT value / ${bucketUnitSql('metric')}::float8 AS s) a) b
$$;`;

/**
 * Storage settings of the rollup tables, small and updated by every batch: room on each page for HOT
 * updates (no index change, old versions pruned as pages are read) and vacuum after 2 % of changed
 * rows, not 20 %.
 */
const CHURN = 'fillfactor = 70, autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.05';

/**
 * Schema migrations, applied in order on start, each in the same transaction as its record in
 * perfgate_migrations. Version 1 is the first release's single table; version 2 partitions samples
 * by UTC day (retention drops whole partitions), indexes time with BRIN, and adds the daily
 * histogram rollups and page-day counts every read uses, computed from the samples a version-1
 * database already holds. Their text keys compare bytewise (COLLATE "C"): reads sort them.
 * Version 3 adds the rolling window of the last 28 days (recent-window.ts), from the daily rollups,
 * and the kept p75 of ended days (daily-p75.ts). Version 4 adds each sample's attribution target and
 * INP phases, the targets' daily histograms and their rolling window, and the targets named per day,
 * page and metric (target-deltas.ts).
 */
export const MIGRATIONS: Array<(client: pg.ClientBase, nowMs: number) => Promise<void>> = [
  async (client) => {
    await client.query(`CREATE TABLE samples (
       metric_id TEXT PRIMARY KEY, name TEXT NOT NULL, value DOUBLE PRECISION NOT NULL, delta DOUBLE PRECISION NOT NULL,
       rating TEXT NOT NULL, navigation_type TEXT NOT NULL, page TEXT NOT NULL, release TEXT, device TEXT NOT NULL,
       browser TEXT NOT NULL, connection TEXT, received_at BIGINT NOT NULL);
     CREATE INDEX samples_by_page ON samples (page, name, received_at);
     CREATE INDEX samples_by_time ON samples (received_at);`);
  },
  async (client) => {
    await client.query(`ALTER TABLE samples RENAME TO samples_v1;
      ALTER INDEX IF EXISTS samples_pkey RENAME TO samples_v1_pkey;
      ALTER INDEX IF EXISTS samples_by_page RENAME TO samples_v1_by_page;
      ALTER INDEX IF EXISTS samples_by_time RENAME TO samples_v1_by_time;
      CREATE TABLE samples (
        metric_id TEXT NOT NULL, name TEXT NOT NULL, value DOUBLE PRECISION NOT NULL, delta DOUBLE PRECISION NOT NULL,
        rating TEXT NOT NULL, navigation_type TEXT NOT NULL, page TEXT NOT NULL, release TEXT, device TEXT NOT NULL,
        browser TEXT NOT NULL, connection TEXT, received_at BIGINT NOT NULL
      ) PARTITION BY RANGE (received_at);
      CREATE INDEX samples_time_brin ON samples USING brin (received_at);
      CREATE INDEX samples_by_id ON samples (metric_id);
      CREATE TABLE rollups (
        day INTEGER NOT NULL, page TEXT COLLATE "C" NOT NULL, metric TEXT COLLATE "C" NOT NULL, device TEXT COLLATE "C" NOT NULL, bucket INTEGER NOT NULL, count BIGINT NOT NULL,
        PRIMARY KEY (day, page, metric, device, bucket));
      CREATE INDEX rollups_by_page ON rollups (page, metric, day);
      CREATE TABLE rollups_all (
        day INTEGER NOT NULL, page TEXT COLLATE "C" NOT NULL, metric TEXT COLLATE "C" NOT NULL, bucket INTEGER NOT NULL, count BIGINT NOT NULL,
        PRIMARY KEY (day, page, metric, bucket));
      CREATE INDEX rollups_all_by_page ON rollups_all (page, metric, day, bucket);
      CREATE TABLE page_days (day INTEGER NOT NULL, page TEXT COLLATE "C" NOT NULL, metric TEXT COLLATE "C" NOT NULL, count BIGINT NOT NULL, PRIMARY KEY (day, page, metric));
      ${BUCKET_FUNCTION}`);
    const { rows } = await client.query<{ day: string }>(`SELECT DISTINCT received_at / ${DAY_MS} AS day FROM samples_v1`);
    for (const { day } of rows) await createPartition(client, Number(day));
    await client.query(`INSERT INTO samples SELECT metric_id, name, value, delta, rating, navigation_type, page, release, device, browser, connection, received_at FROM samples_v1;
      INSERT INTO rollups (day, page, metric, device, bucket, count)
        SELECT received_at / ${DAY_MS}, page, name, device, perfgate_bucket(name, value), count(*) FROM samples_v1 GROUP BY 1, 2, 3, 4, 5;
      INSERT INTO rollups_all (day, page, metric, bucket, count) SELECT day, page, metric, bucket, sum(count) FROM rollups GROUP BY 1, 2, 3, 4;
      INSERT INTO page_days (day, page, metric, count) SELECT received_at / ${DAY_MS}, page, name, count(*) FROM samples_v1 GROUP BY 1, 2, 3;
      DROP TABLE samples_v1;`);
  },
  async (client, nowMs) => {
    await client.query(`${RECENT_TABLES_POSTGRES}
      ALTER TABLE page_days ADD COLUMN p75 DOUBLE PRECISION;
      ALTER TABLE recent_rollups SET (${CHURN});
      ALTER TABLE rollups SET (${CHURN});
      ALTER TABLE rollups_all SET (${CHURN});
      ALTER TABLE page_days SET (${CHURN});`);
    for (const [sql, params] of fillRecent(recentFrom(nowMs))) await client.query(numbered(sql), params);
  },
  async (client) => {
    // Adding nullable columns without a default changes the catalog only: no partition is rewritten.
    await client.query(`ALTER TABLE samples ADD COLUMN target TEXT, ADD COLUMN input_delay DOUBLE PRECISION,
        ADD COLUMN processing_duration DOUBLE PRECISION, ADD COLUMN presentation_delay DOUBLE PRECISION;
      CREATE TABLE target_rollups (
        day INTEGER NOT NULL, page TEXT COLLATE "C" NOT NULL, metric TEXT COLLATE "C" NOT NULL, target TEXT COLLATE "C" NOT NULL,
        bucket INTEGER NOT NULL, count BIGINT NOT NULL, phased BIGINT NOT NULL, input_delay DOUBLE PRECISION NOT NULL,
        processing_duration DOUBLE PRECISION NOT NULL, presentation_delay DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (day, page, metric, target, bucket)
      ) WITH (${CHURN});
      CREATE TABLE target_names (
        day INTEGER NOT NULL, page TEXT COLLATE "C" NOT NULL, metric TEXT COLLATE "C" NOT NULL, target TEXT COLLATE "C" NOT NULL,
        PRIMARY KEY (day, page, metric, target));
      ${RECENT_TARGETS_POSTGRES}
      ALTER TABLE recent_targets SET (${CHURN});
      ${FILL_RECENT_TARGETS};`);
  },
];

/** Applies the migrations not yet recorded, under an advisory lock so that collectors starting together apply each once. */
export async function migrate(pool: pg.Pool, nowMs: number): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL statement_timeout = 0');
    await client.query('SET LOCAL lock_timeout = 0');
    await client.query('SELECT pg_advisory_xact_lock(7374101)');
    await client.query('CREATE TABLE IF NOT EXISTS perfgate_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
    const { rows } = await client.query<{ version: number }>('SELECT version FROM perfgate_migrations');
    const applied = new Set(rows.map((r) => r.version));
    const newest = Math.max(0, ...applied);
    if (newest > MIGRATIONS.length)
      throw new Error(`the database was set up by a newer perfgate (schema version ${newest}; this one knows ${MIGRATIONS.length})`);
    for (const [index, step] of MIGRATIONS.entries()) {
      if (applied.has(index + 1)) continue;
      await step(client, nowMs);
      await client.query('INSERT INTO perfgate_migrations (version) VALUES ($1)', [index + 1]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
