import { describe, expect, it } from 'vitest';
import { DailyQuota, RateLimiter } from '../../src/field/rate-limiter.js';

describe('the rate limiter', () => {
  it('gives each key `rate` requests a second, refilling over time', () => {
    let t = 0;
    const limiter = new RateLimiter(3, { maxKeys: 10, now: () => t });
    expect([1, 2, 3, 4].map(() => limiter.take('a'))).toEqual([true, true, true, false]);
    expect(limiter.take('b')).toBe(true);
    t += 334;
    expect(limiter.take('a')).toBe(true);
    expect(limiter.take('a')).toBe(false);
  });

  it('stays bounded with 100,000 distinct keys and more: the least recently seen are forgotten, the sweep empties it', () => {
    let t = 0;
    const limiter = new RateLimiter(20, { maxKeys: 50_000, now: () => t });
    const started = performance.now();
    for (let i = 0; i < 100_000; i++) limiter.take(`k${i}`);
    // The table walked every key per request past 50,000 keys before: 50,000 × 50,000 steps. Now a few ms per 10,000.
    expect(performance.now() - started).toBeLessThan(5000);
    expect(limiter.size).toBe(50_000);
    expect(limiter.take('k99999')).toBe(true); // recent keys keep their buckets
    t += 5000;
    limiter.take('fresh');
    limiter.sweep();
    expect(limiter.size).toBe(1);
  });

  it('counts a daily quota per key, reset each UTC day', () => {
    let t = Date.parse('2026-12-01T23:59:00Z');
    const quota = new DailyQuota(5, { maxKeys: 10, now: () => t });
    expect(quota.add('a', 3)).toBe(true);
    expect(quota.add('a', 3)).toBe(false);
    expect(quota.add('a', 2)).toBe(true);
    expect(quota.add('b', 5)).toBe(true);
    t += 120_000;
    expect(quota.add('a', 5)).toBe(true);
  });
});
