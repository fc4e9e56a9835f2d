/**
 * Group commit: callers add items and get a promise; items that arrive in the same turn of the
 * event loop (or up to `maxBatch`) are written together by one `write` call (one transaction),
 * and every caller's promise resolves only after that write committed, or rejects if it failed.
 * Writes never overlap; what arrives during a write goes into the next one.
 */
export class GroupCommit<T> {
  private pending: Array<{ items: T[]; resolve: () => void; reject: (error: unknown) => void }> = [];
  private size = 0;
  private scheduled = false;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly write: (items: T[]) => Promise<void> | void,
    private readonly options: { maxBatch: number } = { maxBatch: 1000 },
  ) {}

  add(items: T[]): Promise<void> {
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

  /** Writes everything pending now; resolves when all earlier writes are done. */
  flush(): Promise<void> {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    this.size = 0;
    this.writing = this.writing.then(async () => {
      if (batch.length === 0) return;
      try {
        await this.write(batch.flatMap((b) => b.items));
        for (const b of batch) b.resolve();
      } catch (error) {
        for (const b of batch) b.reject(error);
      }
    });
    return this.writing;
  }
}
