import { CHARTED_METRICS } from '../field-metrics.js';
import { BUCKET_RATIO, bucketUnitSql } from './histogram.js';
import { dayOf, dayText, type AggregateQuery, type DeviceClass, type FieldAggregates, type SummaryQuery, type SummaryRow } from './store.js';
import type { FieldMetricName } from './wire.js';

/**
 * The read side of both stores: summaries, histograms and daily p75 computed by the database from
 * histogram rollups, never by loading samples. The SQL is the same for SQLite and PostgreSQL
 * (window functions); `?` placeholders, which the PostgreSQL store numbers. A window's histograms
 * come from the rolling window (`recent_rollups`, see recent-window.ts) corrected by the days
 * between its start and the window asked for, or from the daily rows (`rollups`, `rollups_all`)
 * when those are fewer; either way the rows read do not grow with traffic. The dashboard ranks
 * pages by `page_days` (a row per day × page × metric), which also keeps the p75 of ended days
 * (daily-p75.ts); it charts the other days' p75 from `rollups_all`.
 */
export type RunQuery = (sql: string, params: unknown[]) => Promise<Array<Record<string, unknown>>>;

const UNIT = bucketUnitSql('metric');
const LOWER = `(CASE WHEN bucket <= 0 THEN 0 ELSE ${UNIT} * power(CAST(${BUCKET_RATIO} AS DOUBLE PRECISION), bucket - 1) END)`;
const UPPER = `(${UNIT} * power(CAST(${BUCKET_RATIO} AS DOUBLE PRECISION), bucket))`;

/** The q-quantile over a `cum` row set: histogramQuantile (histogram.ts) in SQL; `over` makes it a window function. */
export const percentile = (q: number, over = '') =>
  `CAST(MIN(CASE WHEN run >= ${q} * total AND run - c < ${q} * total THEN ${LOWER} + (${UPPER} - ${LOWER}) * (${q} * total - (run - c)) / c END) ${over} AS DOUBLE PRECISION)`;

/** Running and total counts per `keys` over a histogram CTE `h` (keys, bucket, c). */
export const cumulative = (keys: string) => `SELECT ${keys}, bucket, c,
    SUM(c) OVER (PARTITION BY ${keys} ORDER BY bucket ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS run,
    SUM(c) OVER (PARTITION BY ${keys}) AS total
  FROM h WHERE c > 0`;

interface Filter {
  fromDay?: number;
  pages?: readonly string[];
  page?: string;
  metric?: FieldMetricName;
  metrics?: readonly FieldMetricName[];
  device?: DeviceClass;
}

/** The metrics whose daily p75 the dashboard charts. */
export const TREND_METRICS: readonly FieldMetricName[] = CHARTED_METRICS;

function where(filter: Filter): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, ...values: unknown[]) => {
    parts.push(sql);
    params.push(...values);
  };
  if (filter.fromDay !== undefined) add('day >= ?', filter.fromDay);
  if (filter.page !== undefined) add('page = ?', filter.page);
  if (filter.pages) add(`page IN (${filter.pages.map(() => '?').join(', ') || 'NULL'})`, ...filter.pages);
  if (filter.metric) add('metric = ?', filter.metric);
  if (filter.metrics) add(`metric IN (${filter.metrics.map(() => '?').join(', ')})`, ...filter.metrics);
  if (filter.device) add('device = ?', filter.device);
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

/** Where a read finds its histograms: the rolling window's first day (null without one) and today. */
export interface ReadWindow {
  recentFrom: number | null;
  today: number;
}

/** Reads the rolling window's first day. */
export async function readWindow(run: RunQuery, today: number): Promise<ReadWindow> {
  const [row] = await run('SELECT from_day FROM recent_window', []);
  return { recentFrom: row ? Number(row.from_day) : null, today };
}

/** The rolling window holds about as many rows as this many days of daily rows (most buckets recur from day to day). */
const WINDOW_COST_DAYS = 4;
const FROM_DAY = '(SELECT from_day FROM recent_window)';

/**
 * Histogram rows (page, metric, device, bucket, c) from day `fromDay` on, per device ('each') or
 * all devices together ('all'). From the rolling window when that reads fewer rows: its counts,
 * minus the days from its start to fromDay, or plus the days from fromDay to its start. The window's
 * start is read in the same statement, so a window moved since readWindow still gives exact counts.
 */
function histogramRows(devices: 'each' | 'all', filter: Omit<Filter, 'fromDay'>, fromDay: number, window: ReadWindow): { sql: string; params: unknown[] } {
  const table = devices === 'each' ? 'rollups' : 'rollups_all';
  const device = devices === 'each' ? 'device' : "'all'";
  const daily = where({ ...filter, fromDay });
  const viaWindow = window.recentFrom !== null && WINDOW_COST_DAYS + Math.abs(fromDay - window.recentFrom) < window.today - fromDay + 1;
  if (!viaWindow) {
    return {
      sql: `SELECT page, metric, ${device} AS device, bucket, CAST(SUM(count) AS DOUBLE PRECISION) AS c FROM ${table} ${daily.sql} GROUP BY page, metric, ${devices === 'each' ? 'device, ' : ''}bucket`,
      params: daily.params,
    };
  }
  const own = where(filter);
  const and = own.sql ? `${own.sql} AND` : 'WHERE';
  const recentDevices = filter.device ? 'true' : devices === 'each' ? "device <> 'all'" : "device = 'all'";
  const between = `day >= CASE WHEN ? < ${FROM_DAY} THEN ? ELSE ${FROM_DAY} END AND day < CASE WHEN ? < ${FROM_DAY} THEN ${FROM_DAY} ELSE ? END`;
  return {
    sql: `SELECT page, metric, device, bucket, CAST(SUM(c) AS DOUBLE PRECISION) AS c FROM (
        SELECT page, metric, device, bucket, count AS c FROM recent_rollups ${and} ${recentDevices}
        UNION ALL SELECT page, metric, ${device} AS device, bucket, CASE WHEN day < ? THEN -count ELSE count END AS c FROM ${table} ${and} ${between}
      ) x GROUP BY page, metric, device, bucket`,
    params: [...own.params, fromDay, ...own.params, fromDay, fromDay, fromDay, fromDay],
  };
}

/** "bucket:count,..." as string_agg gives it (in no set order) → buckets in order and their counts. */
function parseBuckets(text: string): { buckets: number[]; counts: number[] } {
  const pairs = text.split(',').map((pair) => pair.split(':').map(Number) as [number, number]);
  pairs.sort((a, b) => a[0] - b[0]);
  return { buckets: pairs.map((p) => p[0]), counts: pairs.map((p) => p[1]) };
}

const byKey = (a: SummaryRow, b: SummaryRow) => a.page.localeCompare(b.page) || a.metric.localeCompare(b.metric) || a.device.localeCompare(b.device);

/** Count, p50, p75 and p95 per page, metric and device, plus 'all' devices unless one device (or only 'all') is asked for. */
export async function querySummary(run: RunQuery, query: SummaryQuery, today: number): Promise<SummaryRow[]> {
  const window = await readWindow(run, today);
  const device = query.device === 'all' ? undefined : query.device;
  const fromDay = query.since === undefined ? 0 : dayOf(query.since);
  const filter = { page: query.page, pages: query.pages, metric: query.metric };
  const parts = [
    ...(query.device !== 'all' ? [histogramRows('each', { ...filter, device }, fromDay, window)] : []),
    ...(device === undefined ? [histogramRows('all', filter, fromDay, window)] : []),
  ];
  const rows = await run(
    `WITH h AS (${parts.map((p) => p.sql).join(' UNION ALL ')}), cum AS (${cumulative('page, metric, device')})
     SELECT page, metric, device, CAST(MAX(total) AS BIGINT) AS count, ${percentile(0.5)} AS p50, ${percentile(0.75)} AS p75, ${percentile(0.95)} AS p95
     FROM cum GROUP BY page, metric, device`,
    parts.flatMap((p) => p.params),
  );
  return rows
    .map((r) => ({
      page: String(r.page),
      metric: r.metric as FieldMetricName,
      device: r.device as SummaryRow['device'],
      count: Number(r.count),
      p50: Number(r.p50),
      p75: Number(r.p75),
      p95: Number(r.p95),
    }))
    .sort(byKey);
}

/** The dashboard's aggregates: the top pages by samples, their summaries, histograms and daily p75. */
export async function queryAggregates(run: RunQuery, query: AggregateQuery, today: number): Promise<FieldAggregates> {
  const fromDay = dayOf(query.since);
  const recent = await readWindow(run, today);
  const window = where({ fromDay });
  const top = await run(
    `SELECT page, CAST(MAX(n) AS BIGINT) AS samples FROM (SELECT page, metric, SUM(count) AS n FROM page_days ${window.sql} GROUP BY page, metric) t
     GROUP BY page HAVING MAX(n) > 0 ORDER BY samples DESC, page LIMIT ?`,
    [...window.params, query.pageLimit],
  );
  const [{ n: totalPages } = { n: 0 }] = await run(
    `SELECT COUNT(*) AS n FROM (SELECT page FROM page_days ${window.sql} GROUP BY page HAVING SUM(count) > 0) t`,
    window.params,
  );
  const pages = top.map((r) => ({ page: String(r.page), samples: Number(r.samples) }));
  const shown = [...new Set([...pages.map((p) => p.page), ...(query.alwaysInclude ?? [])])];
  const histogram = histogramRows('all', { pages: shown }, fromDay, recent);
  const trend = where({ fromDay, pages: shown, metrics: TREND_METRICS });
  // One row per page and metric: its count, percentiles and histogram (bucket:count pairs as text), so that a
  // dashboard reads hundreds of rows, not one per bucket; string_agg is in PostgreSQL and SQLite 3.44+.
  // The two reads run one after the other: a dashboard takes one core of the database at most, never both.
  const histograms = await run(
    `WITH h AS (${histogram.sql}), cum AS (${cumulative('page, metric')})
     SELECT page, metric, CAST(MAX(total) AS BIGINT) AS total, ${percentile(0.5)} AS p50, ${percentile(0.75)} AS p75, ${percentile(0.95)} AS p95,
       string_agg(CAST(bucket AS TEXT) || ':' || CAST(CAST(c AS BIGINT) AS TEXT), ',') AS buckets
     FROM cum GROUP BY page, metric`,
    histogram.params,
  );
  const daily = await run(
    // The p75 kept for ended days (daily-p75.ts), and the other days' from rollups_all: one row per day, page, metric and bucket already, no grouping.
    `WITH h AS (SELECT page, metric, day, bucket, CAST(count AS DOUBLE PRECISION) AS c FROM rollups_all ${trend.sql}
           AND (day, page, metric) IN (SELECT day, page, metric FROM page_days ${trend.sql} AND p75 IS NULL)),
         cum AS (${cumulative('page, metric, day')})
       SELECT page, metric, day, CAST(MAX(total) AS BIGINT) AS count, ${percentile(0.75)} AS p75 FROM cum GROUP BY page, metric, day
       UNION ALL SELECT page, metric, day, count, p75 FROM page_days ${trend.sql} AND p75 IS NOT NULL
       ORDER BY page, metric, day`,
    [...trend.params, ...trend.params, ...trend.params],
  );
  const summary = histograms
    .map(
      (r): SummaryRow => ({
        page: String(r.page),
        metric: r.metric as FieldMetricName,
        device: 'all',
        count: Number(r.total),
        p50: Number(r.p50),
        p75: Number(r.p75),
        p95: Number(r.p95),
      }),
    )
    .sort(byKey);
  return {
    fromDay: dayText(fromDay),
    totalPages: Number(totalPages),
    pages,
    summary,
    histograms: histograms.map((r) => ({ page: String(r.page), metric: r.metric as FieldMetricName, ...parseBuckets(String(r.buckets)) })),
    daily: daily.map((r) => ({
      page: String(r.page),
      metric: r.metric as FieldMetricName,
      day: dayText(Number(r.day)),
      count: Number(r.count),
      p75: Number(r.p75),
    })),
  };
}
