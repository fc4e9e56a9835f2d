import pg from 'pg';
import { GroupCommit } from './group-commit.js';
import { lastPerId, type DeviceClass, type FieldStore, type StoredSample, type SummaryQuery, type SummaryRow } from './store.js';
import type { FieldMetricName } from './wire.js';

/** Schema migrations, applied in order on start; each runs once (recorded in perfgate_migrations). */
const MIGRATIONS = [
  `CREATE TABLE samples (
     metric_id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     value DOUBLE PRECISION NOT NULL,
     delta DOUBLE PRECISION NOT NULL,
     rating TEXT NOT NULL,
     navigation_type TEXT NOT NULL,
     page TEXT NOT NULL,
     release TEXT,
     device TEXT NOT NULL,
     browser TEXT NOT NULL,
     connection TEXT,
     received_at BIGINT NOT NULL
   );
   CREATE INDEX samples_by_page ON samples (page, name, received_at);
   CREATE INDEX samples_by_time ON samples (received_at);`,
];

const COLUMNS = ['metric_id', 'name', 'value', 'delta', 'rating', 'navigation_type', 'page', 'release', 'device', 'browser', 'connection', 'received_at'];
const row = (s: StoredSample) => [s.metricId, s.name, s.value, s.delta, s.rating, s.navigationType, s.page, s.release, s.device, s.browser, s.connection, s.receivedAt];

async function migrate(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(7374101)');
    await client.query('CREATE TABLE IF NOT EXISTS perfgate_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
    const { rows } = await client.query<{ version: number }>('SELECT version FROM perfgate_migrations');
    const applied = new Set(rows.map((r) => r.version));
    for (const [index, sql] of MIGRATIONS.entries()) {
      if (applied.has(index + 1)) continue;
      await client.query(sql);
      await client.query('INSERT INTO perfgate_migrations (version) VALUES ($1)', [index + 1]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

/**
 * The PostgreSQL store, for when one machine is not enough: the same interface and behaviour as
 * SQLite, migrations on start, group commit in one multi-row upsert per batch, and percentiles by
 * percentile_cont (linear interpolation, the same definition as perfgate's quantile).
 */
export async function openPostgresStore(connectionString: string): Promise<FieldStore> {
  const pool = new pg.Pool({ connectionString, max: 4 });
  await migrate(pool);
  const write = async (all: StoredSample[]) => {
    const samples = lastPerId(all);
    for (let start = 0; start < samples.length; start += 1000) {
      const chunk = samples.slice(start, start + 1000);
      const values = chunk.map((_, i) => `(${COLUMNS.map((__, j) => `$${i * COLUMNS.length + j + 1}`).join(', ')})`).join(', ');
      await pool.query(
        `INSERT INTO samples (${COLUMNS.join(', ')}) VALUES ${values}
         ON CONFLICT (metric_id) DO UPDATE SET value = EXCLUDED.value, delta = EXCLUDED.delta, rating = EXCLUDED.rating, received_at = EXCLUDED.received_at`,
        chunk.flatMap(row),
      );
    }
  };
  const commits = new GroupCommit<StoredSample>(write);
  let closed = false;

  return {
    insert: (samples) => commits.add(samples),
    async summary(query: SummaryQuery): Promise<SummaryRow[]> {
      const where: string[] = [];
      const params: unknown[] = [];
      const add = (sql: string, value: unknown) => (params.push(value), where.push(sql.replace('?', `$${params.length}`)));
      if (query.page) add('page = ?', query.page);
      if (query.metric) add('name = ?', query.metric);
      if (query.since !== undefined) add('received_at >= ?', query.since);
      if (query.device) add('device = ?', query.device);
      const { rows } = await pool.query<{ page: string; name: FieldMetricName; device: DeviceClass | null; count: string; p: number[] }>(
        `SELECT page, name, device, count(*) AS count, percentile_cont(ARRAY[0.5, 0.75, 0.95]) WITHIN GROUP (ORDER BY value) AS p
         FROM samples ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         GROUP BY GROUPING SETS ((page, name, device), (page, name))`,
        params,
      );
      const summary = rows.map((r) => ({ page: r.page, metric: r.name, device: r.device ?? ('all' as const), count: Number(r.count), p50: r.p[0] as number, p75: r.p[1] as number, p95: r.p[2] as number }));
      return (query.device ? summary.filter((r) => r.device !== 'all') : summary).sort(
        (a, b) => a.page.localeCompare(b.page) || a.metric.localeCompare(b.metric) || a.device.localeCompare(b.device),
      );
    },
    async samples(since, limit) {
      const { rows } = await pool.query<{ page: string; name: FieldMetricName; value: number; received_at: string }>(
        'SELECT page, name, value, received_at FROM samples WHERE received_at >= $1 ORDER BY received_at DESC LIMIT $2',
        [since, limit],
      );
      return rows.map((r) => ({ page: r.page, name: r.name, value: r.value, receivedAt: Number(r.received_at) }));
    },
    async count() {
      const { rows } = await pool.query<{ n: string }>('SELECT count(*) AS n FROM samples');
      return Number(rows[0]?.n ?? 0);
    },
    async deleteOlderThan(cutoff) {
      await commits.flush();
      return (await pool.query('DELETE FROM samples WHERE received_at < $1', [cutoff])).rowCount ?? 0;
    },
    async close() {
      if (closed) return;
      closed = true;
      await commits.flush();
      await pool.end();
    },
  };
}
