/** Thrown by GroupCommit.add when more items wait than `maxPending`: the store is behind, answer 503 at once. */
export class BacklogFull extends Error {
  constructor(pending: number) {
    super(`${pending} samples are waiting for the database; refusing more until it catches up`);
    this.name = 'BacklogFull';
  }
}

/**
 * Group commit: callers add items and get a promise; items that arrive in the same turn of the
 * event loop, or while the previous write runs, are written together by one `write` call (one transaction),
 * and every caller's promise resolves only after that write committed, or rejects if it failed.
 * Writes never overlap; what arrives during a write goes into the next one. The queue is bounded:
 * past `maxPending` waiting items `add` rejects at once with BacklogFull, so a stalled database
 * costs fast 503s instead of memory and minutes-long waits.
 */
export class GroupCommit<T> {
  private pending: Array<{ items: T[]; resolve: () => void; reject: (error: unknown) => void }> = [];
  private size = 0;
  private scheduled = false;
  private writing: Promise<void> = Promise.resolve();
  private queued = 0;

  constructor(
    private readonly write: (items: T[]) => Promise<void> | void,
    private readonly options: { maxBatch: number; maxPending: number } = { maxBatch: 1000, maxPending: 20_000 },
  ) {}

  add(items: T[]): Promise<void> {
    if (this.queued + items.length > this.options.maxPending) return Promise.reject(new BacklogFull(this.queued));
    this.queued += items.length;
    return new Promise((resolve, reject) => {
      this.pending.push({ items, resolve, reject });
      this.size += items.length;
      if (this.size >= this.options.maxBatch) void this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  /**
   * Writes what is pending once the write in progress is done: everything that arrived during a
   * write goes into the next one, so a slow database gets larger batches, not a longer queue.
   */
  flush(): Promise<void> {
    this.scheduled = false;
    this.writing = this.writing.then(async () => {
      const batch = this.pending;
      this.pending = [];
      this.size = 0;
      if (batch.length === 0) return;
      const items = batch.flatMap((b) => b.items);
      try {
        await this.write(items);
        for (const b of batch) b.resolve();
      } catch (error) {
        for (const b of batch) b.reject(error);
      } finally {
        this.queued -= items.length;
      }
    });
    return this.writing;
  }
}
