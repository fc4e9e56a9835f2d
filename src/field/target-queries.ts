import { CHARTED_METRICS } from '../field-metrics.js';
import { histogramQuantile } from './histogram.js';
import { parseBuckets } from './parse-buckets.js';
import { type RunQuery, where } from './rollup-where.js';
import { dayOf, type TargetQuery, type TargetRow } from './store.js';
import type { FieldMetricName } from './wire.js';

/** Targets per page and metric a read returns unless asked for another number. */
export const DEFAULT_TARGET_LIMIT = 5;

/**
 * The most common attribution targets per page and metric over the window, from their daily
 * histograms (target_rollups): each one's count, its share of the samples that named a target, its
 * p75 and, for INP, its mean phases. The database sums every target's rows into one; at most
 * TARGETS_PER_DAY targets (and `(other)`) per page, metric and day are stored, so the rows read stay
 * bounded whatever the public sends.
 */
export async function queryTargets(run: RunQuery, query: TargetQuery): Promise<TargetRow[]> {
  const filter = where({ fromDay: dayOf(query.since), pages: query.pages, metrics: query.metric ? [query.metric] : CHARTED_METRICS });
  const rows = await run(
    `SELECT page, metric, target, SUM(count) AS n, SUM(phased) AS phased, SUM(input_delay) AS input_delay,
       SUM(processing_duration) AS processing_duration, SUM(presentation_delay) AS presentation_delay,
       string_agg(CAST(bucket AS TEXT) || ':' || CAST(count AS TEXT), ',') AS buckets
     FROM target_rollups ${filter.sql} GROUP BY page, metric, target`,
    filter.params,
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
