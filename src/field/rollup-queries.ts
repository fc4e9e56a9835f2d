import { CHARTED_METRICS } from '../field-metrics.js';
import { queryTargets } from './target-queries.js';
import { BUCKET_RATIO, type BucketCount, bucketUnitSql, histogramQuantile, histogramQuantiles } from './histogram.js';
import { parseBuckets } from './parse-buckets.js';
import { BETWEEN_WINDOW_AND_DAY, type Filter, type ReadWindow, readsWindow, readWindow, type RunQuery, where } from './rollup-where.js';
import { dayOf, dayText, type AggregateQuery, type FieldAggregates, type SummaryQuery, type SummaryRow } from './store.js';
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

/** The metrics whose daily p75 the dashboard charts. */
export const TREND_METRICS: readonly FieldMetricName[] = CHARTED_METRICS;

/**
 * Histogram rows (page, metric, device, bucket, c) from day `fromDay` on, per device ('each') or
 * all devices together ('all'). From the rolling window when that reads fewer rows: its counts,
 * minus the days from its start to fromDay, or plus the days from fromDay to its start. The window's
 * start is read in the same statement, so a window moved since readWindow still gives exact counts.
 * A bucket may come in more than one row (a row per day, or the window's and a day's correction): sum them.
 */
function histogramParts(devices: 'each' | 'all', filter: Omit<Filter, 'fromDay'>, fromDay: number, window: ReadWindow): { sql: string; params: unknown[] } {
  const table = devices === 'each' ? 'rollups' : 'rollups_all';
  const device = devices === 'each' ? 'device' : "'all'";
  const daily = where({ ...filter, fromDay });
  const viaWindow = readsWindow(fromDay, window);
  if (!viaWindow) {
    return {
      sql: `SELECT page, metric, ${device} AS device, bucket, count AS c FROM ${table} ${daily.sql}`,
      params: daily.params,
    };
  }
  const own = where(filter);
  const and = own.sql ? `${own.sql} AND` : 'WHERE';
  const recentDevices = filter.device ? 'true' : devices === 'each' ? "device <> 'all'" : "device = 'all'";
  const between = BETWEEN_WINDOW_AND_DAY;
  return {
    sql: `SELECT page, metric, device, bucket, count AS c FROM recent_rollups ${and} ${recentDevices}
        UNION ALL SELECT page, metric, ${device} AS device, bucket, CASE WHEN day < ? THEN -count ELSE count END AS c FROM ${table} ${and} ${between}`,
    params: [...own.params, fromDay, ...own.params, fromDay, fromDay, fromDay, fromDay],
  };
}

/** `bucket:count` pairs of a histogram's rows, comma-separated (string_agg: in PostgreSQL and SQLite 3.44+). */
const BUCKET_PAIRS = "string_agg(CAST(bucket AS TEXT) || ':' || CAST(c AS TEXT), ',')";

const byKey = (a: SummaryRow, b: SummaryRow) => a.page.localeCompare(b.page) || a.metric.localeCompare(b.metric) || a.device.localeCompare(b.device);

/** A summary row per distribution (its buckets as parseBuckets gives them); none for an empty one. */
function summaryRows(
  distributions: ReadonlyArray<{ page: string; metric: FieldMetricName; device: SummaryRow['device']; buckets: readonly BucketCount[] }>,
): SummaryRow[] {
  return distributions
    .map(({ page, metric, device, buckets }): SummaryRow => {
      const [p50, p75, p95] = histogramQuantiles(metric, buckets, [0.5, 0.75, 0.95]) as [number, number, number];
      return { page, metric, device, count: buckets.reduce((sum, b) => sum + b.count, 0), p50, p75, p95 };
    })
    .filter((row) => row.count > 0)
    .sort(byKey);
}

/**
 * Count, p50, p75 and p95 per page, metric and device, plus 'all' devices unless one device (or only 'all') is asked for.
 * The database sums each histogram into one text row (no sort or window of every bucket: at 10 M samples that took
 * the most of a second); the percentiles are read from them here.
 */
export async function querySummary(run: RunQuery, query: SummaryQuery, today: number): Promise<SummaryRow[]> {
  const window = await readWindow(run, today);
  const device = query.device === 'all' ? undefined : query.device;
  const fromDay = query.since === undefined ? 0 : dayOf(query.since);
  const filter = { page: query.page, pages: query.pages, metric: query.metric };
  const parts = [
    ...(query.device !== 'all' ? [histogramParts('each', { ...filter, device }, fromDay, window)] : []),
    ...(device === undefined ? [histogramParts('all', filter, fromDay, window)] : []),
  ];
  const rows = await run(
    `SELECT page, metric, device, ${BUCKET_PAIRS} AS buckets FROM (${parts.map((p) => p.sql).join(' UNION ALL ')}) h GROUP BY page, metric, device`,
    parts.flatMap((p) => p.params),
  );
  return summaryRows(
    rows.map((r) => ({
      page: String(r.page),
      metric: r.metric as FieldMetricName,
      device: r.device as SummaryRow['device'],
      buckets: parseBuckets(String(r.buckets ?? '')),
    })),
  );
}

/** Targets per page and metric the dashboard shows. */
const DASHBOARD_TARGETS = 3;

/** The dashboard's aggregates: the top pages by samples, their summaries, histograms, daily p75 and attribution targets. */
export async function queryAggregates(run: RunQuery, query: AggregateQuery, today: number): Promise<FieldAggregates> {
  const fromDay = dayOf(query.since);
  const recent = await readWindow(run, today);
  const window = where({ fromDay });
  // The pages with samples, most first: the top ones, and how many there are in all (counted before the LIMIT).
  const top = await run(
    `SELECT page, samples, COUNT(*) OVER () AS pages FROM (
       SELECT page, CAST(MAX(n) AS BIGINT) AS samples FROM (SELECT page, metric, SUM(count) AS n FROM page_days ${window.sql} GROUP BY page, metric) t
       GROUP BY page HAVING MAX(n) > 0) p
     ORDER BY samples DESC, page LIMIT ?`,
    [...window.params, query.pageLimit],
  );
  const totalPages = Number(top[0]?.pages ?? 0);
  const pages = top.map((r) => ({ page: String(r.page), samples: Number(r.samples) }));
  const shown = [...new Set([...pages.map((p) => p.page), ...(query.alwaysInclude ?? [])])];
  const histogram = histogramParts('all', { pages: shown }, fromDay, recent);
  const trend = where({ fromDay, pages: shown, metrics: TREND_METRICS });
  // The database sums the histograms (one row per page and metric, its buckets as text, so a dashboard reads
  // hundreds of rows, not one per bucket); their percentiles are read from them here, as for /api/summary.
  // The two reads run one after the other: a dashboard takes one core of the database at most, never both.
  const histograms = await run(`SELECT page, metric, ${BUCKET_PAIRS} AS buckets FROM (${histogram.sql}) h GROUP BY page, metric`, histogram.params);
  // The daily p75: kept in page_days for ended days (daily-p75.ts); the days without one (today, yesterday, a day a
  // late write changed) are read from their histograms, named by day so that the read is a look-up of a few days.
  const perDay = await run(`SELECT page, metric, day, count, p75 FROM page_days ${trend.sql}`, trend.params);
  const open = new Set(perDay.filter((r) => r.p75 === null).map((r) => Number(r.day)));
  const charted = where({ pages: shown, metrics: TREND_METRICS });
  const computed = open.size
    ? await run(
        `SELECT page, metric, day, ${BUCKET_PAIRS} AS buckets FROM (SELECT page, metric, day, bucket, count AS c FROM rollups_all
           ${charted.sql} AND day IN (${[...open].map(() => '?').join(', ')})) h GROUP BY page, metric, day`,
        [...charted.params, ...open],
      )
    : [];
  const distributions = histograms.map((r) => ({ page: String(r.page), metric: r.metric as FieldMetricName, buckets: parseBuckets(String(r.buckets ?? '')) }));
  const summary = summaryRows(distributions.map((d) => ({ ...d, device: 'all' as const })));
  const days = [
    ...perDay
      .filter((r) => !open.has(Number(r.day)))
      .map((r) => ({ page: String(r.page), metric: r.metric as FieldMetricName, day: Number(r.day), count: Number(r.count), p75: Number(r.p75) })),
    ...computed.map((r) => {
      const metric = r.metric as FieldMetricName;
      const buckets = parseBuckets(String(r.buckets ?? ''));
      return {
        page: String(r.page),
        metric,
        day: Number(r.day),
        count: buckets.reduce((sum, b) => sum + b.count, 0),
        p75: histogramQuantile(metric, buckets, 0.75),
      };
    }),
  ];
  const targets = await queryTargets(run, { since: query.since, pages: shown, limit: DASHBOARD_TARGETS }, today);
  const dayTexts = new Map<number, string>();
  days.sort((a, b) => (a.page < b.page ? -1 : a.page > b.page ? 1 : a.metric < b.metric ? -1 : a.metric > b.metric ? 1 : a.day - b.day));
  return {
    fromDay: dayText(fromDay),
    totalPages,
    pages,
    summary,
    histograms: distributions
      .filter((h) => h.buckets.length > 0)
      .map(({ page, metric, buckets }) => ({ page, metric, buckets: buckets.map((b) => b.bucket), counts: buckets.map((b) => b.count) })),
    daily: days.map((d) => ({ ...d, day: dayTexts.get(d.day) ?? dayTexts.set(d.day, dayText(d.day)).get(d.day)! })),
    targets,
  };
}
