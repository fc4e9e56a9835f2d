/**
 * Token buckets per client key, in a table of bounded size: `rate` requests per second with bursts
 * up to `rate`. The table is a Map kept in least-recently-used order, so finding, adding and
 * evicting a key costs the same at 100 keys as at 100,000; when it is full the least recently seen
 * client is forgotten (it gets a fresh bucket next time). `sweep` drops buckets idle long enough to
 * have refilled, and `start` runs it on a timer that does not keep the process alive.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly rate: number,
    private readonly options: { maxKeys: number; now: () => number } = { maxKeys: 100_000, now: Date.now },
  ) {}

  /** Takes one token for `key`; false when its bucket is empty. */
  take(key: string): boolean {
    if (this.rate <= 0) return true;
    const t = this.options.now();
    const known = this.buckets.get(key);
    const bucket = known ?? { tokens: this.rate, at: t };
    if (known) this.buckets.delete(key);
    else if (this.buckets.size >= this.options.maxKeys) this.buckets.delete(this.buckets.keys().next().value as string);
    bucket.tokens = Math.min(this.rate, bucket.tokens + ((t - bucket.at) / 1000) * this.rate);
    bucket.at = t;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Forgets buckets untouched for longer than a full refill takes (they would be full anyway). */
  sweep(): void {
    const cutoff = this.options.now() - 2000; // a bucket refills completely within one second
    for (const [key, bucket] of this.buckets) {
      if (bucket.at >= cutoff) break; // LRU order: the rest are newer
      this.buckets.delete(key);
    }
  }

  get size(): number {
    return this.buckets.size;
  }

  /** Sweeps every `everyMs` on an unref'd timer; `stop` ends it. */
  start(everyMs = 10_000): void {
    if (this.timer || this.rate <= 0) return;
    this.timer = setInterval(() => this.sweep(), everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

/**
 * Samples per client key per UTC day, in a bounded table like RateLimiter's: `add` answers false
 * once a client's samples today would pass `limit`. 0 turns it off.
 */
export class DailyQuota {
  private readonly used = new Map<string, { day: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly options: { maxKeys: number; now: () => number } = { maxKeys: 100_000, now: Date.now },
  ) {}

  add(key: string, samples: number): boolean {
    if (this.limit <= 0) return true;
    const day = Math.floor(this.options.now() / 86_400_000);
    const known = this.used.get(key);
    const entry = known && known.day === day ? known : { day, count: 0 };
    if (known) this.used.delete(key);
    else if (this.used.size >= this.options.maxKeys) this.used.delete(this.used.keys().next().value as string);
    this.used.set(key, entry);
    if (entry.count + samples > this.limit) return false;
    entry.count += samples;
    return true;
  }

  get size(): number {
    return this.used.size;
  }
}
