import { describe, expect, it } from 'vitest';
import { parseBuckets } from '../../src/field/parse-buckets.js';

describe('parseBuckets', () => {
  it('orders the buckets and sums a bucket that comes more than once (the rolling window and a day’s correction)', () => {
    expect(parseBuckets('12:3,4:1,12:-1,7:5')).toEqual([
      { bucket: 4, count: 1 },
      { bucket: 7, count: 5 },
      { bucket: 12, count: 2 },
    ]);
  });

  it('drops buckets a correction empties, and reads an empty text as no buckets', () => {
    expect(parseBuckets('3:2,5:4,3:-2,9:1,9:-3')).toEqual([{ bucket: 5, count: 4 }]);
    expect(parseBuckets('')).toEqual([]);
  });

  it('reads buckets far apart, and many pairs in any order, as sorting and summing them would', () => {
    expect(parseBuckets('200000:1,0:2,5:1')).toEqual([
      { bucket: 0, count: 2 },
      { bucket: 5, count: 1 },
      { bucket: 200000, count: 1 },
    ]);
    const pairs = Array.from({ length: 2000 }, (_, i) => [(i * 7919) % 300, (i % 5) - 1] as const);
    const sums = new Map<number, number>();
    for (const [bucket, count] of pairs) sums.set(bucket, (sums.get(bucket) ?? 0) + count);
    const expected = [...sums]
      .filter(([, count]) => count > 0)
      .sort((a, b) => a[0] - b[0])
      .map(([bucket, count]) => ({ bucket, count }));
    expect(expected.length).toBeGreaterThan(100);
    expect(parseBuckets(pairs.map(([b, c]) => `${b}:${c}`).join(','))).toEqual(expected);
  });

  it('reads counts that are not integers too', () => {
    expect(parseBuckets('2:1.5,1:2e3')).toEqual([
      { bucket: 1, count: 2000 },
      { bucket: 2, count: 1.5 },
    ]);
  });
});
