import { CHARTED_METRICS } from '../field-metrics.js';
import { histogramQuantile } from './histogram.js';
import { parseBuckets } from './parse-buckets.js';
import { BETWEEN_WINDOW_AND_DAY, readsWindow, readWindow, type RunQuery, where } from './rollup-where.js';
import { dayOf, type TargetQuery, type TargetRow } from './store.js';
import type { FieldMetricName } from './wire.js';

/** Targets per page and metric a read returns unless asked for another number. */
export const DEFAULT_TARGET_LIMIT = 5;

/**
 * The most common attribution targets per page and metric over the window, from their histograms:
 * each one's count, its share of the samples that named a target, its p75 and, for INP, its mean
 * phases. The database sums every target's rows into one. Like the pages' histograms, a window near
 * the last 28 days is read from the targets' rolling window (recent_targets) and the few days
 * between, any other from the daily rows (target_rollups). At most TARGETS_PER_DAY targets (and
 * `(other)`) per page, metric and day are stored, so the rows read stay bounded whatever the public sends.
 */
export async function queryTargets(run: RunQuery, query: TargetQuery, today: number): Promise<TargetRow[]> {
  const fromDay = dayOf(query.since);
  const window = await readWindow(run, today);
  const own = where({ pages: query.pages, metrics: query.metric ? [query.metric] : CHARTED_METRICS });
  const daily = where({ fromDay, pages: query.pages, metrics: query.metric ? [query.metric] : CHARTED_METRICS });
  const and = own.sql ? `${own.sql} AND` : 'WHERE';
  // From the rolling window when that reads fewer rows: its sums, corrected by the days between its start and fromDay (see rollup-queries.ts).
  const source = readsWindow(fromDay, window)
    ? {
        sql: `SELECT page, metric, target, bucket, count AS c, phased AS ph, input_delay AS i, processing_duration AS p, presentation_delay AS d
            FROM recent_targets ${own.sql}
          UNION ALL SELECT page, metric, target, bucket, s * count, s * phased, s * input_delay, s * processing_duration, s * presentation_delay
            FROM (SELECT *, CASE WHEN day < ? THEN -1 ELSE 1 END AS s FROM target_rollups ${and} ${BETWEEN_WINDOW_AND_DAY}) days`,
        params: [...own.params, fromDay, ...own.params, fromDay, fromDay, fromDay, fromDay],
      }
    : {
        sql: `SELECT page, metric, target, bucket, count AS c, phased AS ph, input_delay AS i, processing_duration AS p, presentation_delay AS d
          FROM target_rollups ${daily.sql}`,
        params: daily.params,
      };
  const rows = await run(
    `SELECT page, metric, target, SUM(c) AS n, SUM(ph) AS phased, SUM(i) AS input_delay, SUM(p) AS processing_duration,
       SUM(d) AS presentation_delay, string_agg(CAST(bucket AS TEXT) || ':' || CAST(c AS TEXT), ',') AS buckets
     FROM (${source.sql}) h GROUP BY page, metric, target`,
    source.params,
  );
  const groups = new Map<string, Array<Omit<TargetRow, 'share'>>>();
  for (const r of rows) {
    const count = Number(r.n);
    if (!(count > 0)) continue;
    const metric = r.metric as FieldMetricName;
    const phased = Number(r.phased);
    const row = {
      page: String(r.page),
      metric,
      target: String(r.target),
      count,
      p75: histogramQuantile(metric, parseBuckets(String(r.buckets ?? '')), 0.75),
      phases:
        phased > 0
          ? {
              inputDelay: Number(r.input_delay) / phased,
              processingDuration: Number(r.processing_duration) / phased,
              presentationDelay: Number(r.presentation_delay) / phased,
            }
          : null,
    };
    const key = `${row.page}\u0000${metric}`;
    const group = groups.get(key) ?? groups.set(key, []).get(key)!;
    group.push(row);
  }
  const limit = query.limit ?? DEFAULT_TARGET_LIMIT;
  return [...groups.values()]
    .sort((a, b) => (a[0]!.page < b[0]!.page ? -1 : a[0]!.page > b[0]!.page ? 1 : a[0]!.metric.localeCompare(b[0]!.metric)))
    .flatMap((group) => {
      const total = group.reduce((sum, t) => sum + t.count, 0);
      return group
        .sort((a, b) => b.count - a.count || (a.target < b.target ? -1 : 1))
        .slice(0, limit)
        .map((t) => ({ ...t, share: t.count / total }));
    });
}
