import type { BucketCount } from './histogram.js';

/**
 * "bucket:count,..." as rollup-queries.ts' BUCKET_PAIRS gives it (in no set order, a bucket possibly more than once)
 * → the non-empty buckets in order and their counts.
 */
export function parseBuckets(text: string): BucketCount[] {
  // By hand, one pass over the characters: a summary of every page parses a hundred thousand pairs or more.
  // Integers only (what the stores' counts are); anything else is read with Number. The buckets come in no
  // order: they are counted into an array indexed by bucket (they span a few hundred at most), not sorted.
  const buckets: number[] = [];
  const counts: number[] = [];
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  let value = 0;
  let sign = 1;
  let bucket = 0;
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 44;
    if (c >= 48 && c <= 57) value = value * 10 + (c - 48);
    else if (c === 45) sign = -1;
    else if (c === 58) {
      bucket = sign * value;
      value = 0;
      sign = 1;
    } else if (c === 44) {
      if (i > start) {
        buckets.push(bucket);
        counts.push(sign * value);
        if (bucket < low) low = bucket;
        if (bucket > high) high = bucket;
      }
      value = 0;
      sign = 1;
      start = i + 1;
    } else return parseBucketsSlowly(text);
  }
  if (buckets.length === 0) return [];
  if (high - low > 65_536) return parseBucketsSlowly(text);
  const sums = new Float64Array(high - low + 1);
  for (let i = 0; i < buckets.length; i++) sums[buckets[i]! - low]! += counts[i]!;
  const out: BucketCount[] = [];
  for (let k = 0; k < sums.length; k++) if (sums[k]! > 0) out.push({ bucket: low + k, count: sums[k]! });
  return out;
}

function parseBucketsSlowly(text: string): BucketCount[] {
  const sums = new Map<number, number>();
  for (const pair of text.split(',')) {
    const [bucket, count] = pair.split(':').map(Number) as [number, number];
    sums.set(bucket, (sums.get(bucket) ?? 0) + count);
  }
  return [...sums]
    .map(([bucket, count]) => ({ bucket, count }))
    .filter((b) => b.count > 0)
    .sort((a, b) => a.bucket - b.bucket);
}
