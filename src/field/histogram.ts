import { FIELD_METRIC_NAMES, FIELD_METRICS } from '../field-metrics.js';
import type { FieldMetricName } from './wire.js';

/**
 * The fixed log-bucket histogram the collector rolls field samples up into. Bucket 0 holds values
 * below the metric's unit (1 ms; 0.0001 for CLS); bucket k ≥ 1 holds [unit·r^(k-1), unit·r^k) with
 * r = 1.05, so every bucket is 5 % wider than the one below it. A percentile read from the
 * histogram (interpolated inside the bucket where the cumulative count crosses it) is at most one
 * bucket width from the exact percentile of the samples: 5 % of the value, or one unit near zero.
 * The same buckets are used by both stores and by their SQL (see bucketSql).
 */
export const BUCKET_RATIO = 1.05;

/** The smallest value a bucket above 0 starts at, per metric (the field-metric table's bucketUnit). */
export const BUCKET_UNIT = Object.fromEntries(FIELD_METRIC_NAMES.map((name) => [name, FIELD_METRICS[name].bucketUnit])) as Record<FieldMetricName, number>;

/** BUCKET_UNIT in SQL, for a column holding the metric's name. */
export const bucketUnitSql = (column: string): string =>
  `(CASE ${column} ${FIELD_METRIC_NAMES.map((name) => `WHEN '${name}' THEN ${BUCKET_UNIT[name]}`).join(' ')} END)`;

const LOG_RATIO = Math.log(BUCKET_RATIO);

/** The bucket a value falls in. */
export function bucketOf(metric: FieldMetricName, value: number): number {
  const scaled = value / BUCKET_UNIT[metric];
  if (!(scaled >= 1)) return 0;
  let k = Math.floor(Math.log(scaled) / LOG_RATIO) + 1;
  // Guard the edges against rounding in Math.log: lower(k) <= value < upper(k).
  if (scaled < BUCKET_RATIO ** (k - 1)) k -= 1;
  else if (scaled >= BUCKET_RATIO ** k) k += 1;
  return k;
}

/** The lower and upper edge of a bucket, in the metric's unit (ms, or unitless for CLS). */
export function bucketEdges(metric: FieldMetricName, bucket: number): [number, number] {
  const unit = BUCKET_UNIT[metric];
  return bucket <= 0 ? [0, unit] : [unit * BUCKET_RATIO ** (bucket - 1), unit * BUCKET_RATIO ** bucket];
}

/** One bucket of a histogram and how many samples it holds. */
export interface BucketCount {
  bucket: number;
  count: number;
}

/**
 * The q-quantile (0-1) of a histogram: the bucket where the cumulative count reaches q·total, and
 * linear interpolation inside it. NaN for an empty histogram. The stores compute the same in SQL
 * (percentileSql); this is its definition, and what the tests hold the SQL to.
 */
export function histogramQuantile(metric: FieldMetricName, buckets: readonly BucketCount[], q: number): number {
  return histogramQuantiles(metric, buckets, [q])[0]!;
}

/** histogramQuantile at each of `qs` (ascending), in one pass over the buckets. */
export function histogramQuantiles(metric: FieldMetricName, buckets: readonly BucketCount[], qs: readonly number[]): number[] {
  const sorted = buckets.every((b, i) => b.count > 0 && (i === 0 || b.bucket > buckets[i - 1]!.bucket))
    ? buckets
    : [...buckets].filter((b) => b.count > 0).sort((a, b) => a.bucket - b.bucket);
  let total = 0;
  for (const b of sorted) total += b.count;
  if (total === 0) return qs.map(() => Number.NaN);
  const values: number[] = [];
  let run = 0;
  let i = 0;
  for (const b of sorted) {
    run += b.count;
    while (i < qs.length && run >= qs[i]! * total) {
      const [lower, upper] = bucketEdges(metric, b.bucket);
      values.push(lower + ((upper - lower) * (qs[i]! * total - (run - b.count))) / b.count);
      i++;
    }
  }
  const top = bucketEdges(metric, sorted.at(-1)!.bucket)[1];
  while (values.length < qs.length) values.push(top);
  return values;
}
