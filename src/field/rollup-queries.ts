import { BUCKET_RATIO, BUCKET_UNIT } from './histogram.js';
import { dayOf, dayText, type AggregateQuery, type DeviceClass, type FieldAggregates, type SummaryQuery, type SummaryRow } from './store.js';
import type { FieldMetricName } from './wire.js';

/**
 * The read side of both stores: summaries, histograms and daily p75 computed by the database from
 * the `rollups` table (day, page, metric, device, bucket, count), never by loading samples. The SQL
 * is the same for SQLite and PostgreSQL (window functions); `?` placeholders, which the PostgreSQL
 * store numbers. A query reads rows per day × page × metric × device × occupied bucket: a few
 * thousand for a page's 28 days, whatever the traffic; the dashboard ranks pages by `page_days`
 * (a row per day × page × metric).
 */
export type RunQuery = (sql: string, params: unknown[]) => Promise<Array<Record<string, unknown>>>;

const UNIT = `(CASE WHEN metric = 'CLS' THEN ${BUCKET_UNIT.CLS} ELSE ${BUCKET_UNIT.LCP} END)`;
const LOWER = `(CASE WHEN bucket <= 0 THEN 0 ELSE ${UNIT} * power(CAST(${BUCKET_RATIO} AS DOUBLE PRECISION), bucket - 1) END)`;
const UPPER = `(${UNIT} * power(CAST(${BUCKET_RATIO} AS DOUBLE PRECISION), bucket))`;

/** The q-quantile over a `cum` row set: histogramQuantile (histogram.ts) in SQL; `over` makes it a window function. */
const percentile = (q: number, over = '') =>
  `CAST(MIN(CASE WHEN run >= ${q} * total AND run - c < ${q} * total THEN ${LOWER} + (${UPPER} - ${LOWER}) * (${q} * total - (run - c)) / c END) ${over} AS DOUBLE PRECISION)`;

const cumulative = (keys: string) => `SELECT ${keys}, bucket, c,
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
export const TREND_METRICS: readonly FieldMetricName[] = ['LCP', 'INP', 'CLS'];

function where(filter: Filter): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (filter.fromDay !== undefined) (parts.push('day >= ?'), params.push(filter.fromDay));
  if (filter.page !== undefined) (parts.push('page = ?'), params.push(filter.page));
  if (filter.pages) (parts.push(`page IN (${filter.pages.map(() => '?').join(', ') || 'NULL'})`), params.push(...filter.pages));
  if (filter.metric) (parts.push('metric = ?'), params.push(filter.metric));
  if (filter.metrics) (parts.push(`metric IN (${filter.metrics.map(() => '?').join(', ')})`), params.push(...filter.metrics));
  if (filter.device) (parts.push('device = ?'), params.push(filter.device));
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

const byKey = (a: SummaryRow, b: SummaryRow) => a.page.localeCompare(b.page) || a.metric.localeCompare(b.metric) || a.device.localeCompare(b.device);

/** Count, p50, p75 and p95 per page, metric and device, plus 'all' devices unless one device (or only 'all') is asked for. */
export async function querySummary(run: RunQuery, query: SummaryQuery): Promise<SummaryRow[]> {
  const device = query.device === 'all' ? undefined : query.device;
  const filter = where({ fromDay: query.since === undefined ? undefined : dayOf(query.since), page: query.page, pages: query.pages, metric: query.metric, device });
  const perDevice = `SELECT page, metric, device, bucket, CAST(SUM(count) AS DOUBLE PRECISION) AS c FROM rollups ${filter.sql} GROUP BY page, metric, device, bucket`;
  const allDevices = `SELECT page, metric, 'all' AS device, bucket, CAST(SUM(count) AS DOUBLE PRECISION) AS c FROM rollups_all ${filter.sql} GROUP BY page, metric, bucket`;
  const parts = device ? [perDevice] : query.device === 'all' ? [allDevices] : [perDevice, allDevices];
  const rows = await run(
    `WITH h AS (${parts.join(' UNION ALL ')}), cum AS (${cumulative('page, metric, device')})
     SELECT page, metric, device, CAST(MAX(total) AS BIGINT) AS count, ${percentile(0.5)} AS p50, ${percentile(0.75)} AS p75, ${percentile(0.95)} AS p95
     FROM cum GROUP BY page, metric, device`,
    parts.flatMap(() => filter.params),
  );
  return rows
    .map((r) => ({ page: String(r.page), metric: r.metric as FieldMetricName, device: r.device as SummaryRow['device'], count: Number(r.count), p50: Number(r.p50), p75: Number(r.p75), p95: Number(r.p95) }))
    .sort(byKey);
}

/** The dashboard's aggregates: the top pages by samples, their summaries, histograms and daily p75. */
export async function queryAggregates(run: RunQuery, query: AggregateQuery): Promise<FieldAggregates> {
  const fromDay = dayOf(query.since);
  const window = where({ fromDay });
  const top = await run(
    `SELECT page, CAST(MAX(n) AS BIGINT) AS samples FROM (SELECT page, metric, SUM(count) AS n FROM page_days ${window.sql} GROUP BY page, metric) t
     GROUP BY page HAVING MAX(n) > 0 ORDER BY samples DESC, page LIMIT ?`,
    [...window.params, query.pageLimit],
  );
  const [{ n: totalPages } = { n: 0 }] = await run(`SELECT COUNT(*) AS n FROM (SELECT page FROM page_days ${window.sql} GROUP BY page HAVING SUM(count) > 0) t`, window.params);
  const pages = top.map((r) => ({ page: String(r.page), samples: Number(r.samples) }));
  const shown = [...new Set([...pages.map((p) => p.page), ...(query.alwaysInclude ?? [])])];
  const filter = where({ fromDay, pages: shown });
  const trend = where({ fromDay, pages: shown, metrics: TREND_METRICS });
  const over = 'OVER (PARTITION BY page, metric)';
  // One pass gives the histograms and, on each of their rows, the page and metric's count and percentiles.
  const [histograms, daily] = await Promise.all([
    run(
      `WITH h AS (SELECT page, metric, bucket, CAST(SUM(count) AS DOUBLE PRECISION) AS c FROM rollups_all ${filter.sql} GROUP BY page, metric, bucket), cum AS (${cumulative('page, metric')})
       SELECT page, metric, bucket, CAST(c AS BIGINT) AS count, CAST(total AS BIGINT) AS total,
         ${percentile(0.5, over)} AS p50, ${percentile(0.75, over)} AS p75, ${percentile(0.95, over)} AS p95
       FROM cum ORDER BY page, metric, bucket`,
      filter.params,
    ),
    run(
      // rollups_all holds one row per day, page, metric and bucket already: no grouping, and its index gives the window's order.
      `WITH h AS (SELECT page, metric, day, bucket, CAST(count AS DOUBLE PRECISION) AS c FROM rollups_all ${trend.sql}), cum AS (${cumulative('page, metric, day')})
       SELECT page, metric, day, CAST(MAX(total) AS BIGINT) AS count, ${percentile(0.75)} AS p75 FROM cum GROUP BY page, metric, day ORDER BY page, metric, day`,
      trend.params,
    ),
  ]);
  const summary = new Map<string, SummaryRow>();
  for (const r of histograms) {
    const key = `${r.page}\u0000${r.metric}`;
    if (!summary.has(key)) {
      summary.set(key, { page: String(r.page), metric: r.metric as FieldMetricName, device: 'all', count: Number(r.total), p50: Number(r.p50), p75: Number(r.p75), p95: Number(r.p95) });
    }
  }
  return {
    fromDay: dayText(fromDay),
    totalPages: Number(totalPages),
    pages,
    summary: [...summary.values()].sort(byKey),
    histograms: histograms.map((r) => ({ page: String(r.page), metric: r.metric as FieldMetricName, bucket: Number(r.bucket), count: Number(r.count) })),
    daily: daily.map((r) => ({ page: String(r.page), metric: r.metric as FieldMetricName, day: dayText(Number(r.day)), count: Number(r.count), p75: Number(r.p75) })),
  };
}
