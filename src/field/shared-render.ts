/** A render kept for reuse: its value, when it was made and what it was made from. */
interface Kept<T> {
  key: string;
  at: number;
  value: T;
}

/** What SharedRender.get gives: the value and its age in ms (0 for one rendered for this call). */
export interface SharedValue<T> {
  value: T;
  ageMs: number;
}

/**
 * One render shared by every reader: a render younger than `maxAgeMs` for the same key is reused,
 * and readers that arrive while one is being made wait for it instead of starting their own. So a
 * page asked for a thousand times a second costs the database one render per `maxAgeMs`, whoever
 * asks. `maxAgeMs` 0 turns it off: every reader gets a render of its own. A failed render is not
 * kept: the next reader tries again.
 */
export class SharedRender<T> {
  private kept: Kept<T> | null = null;
  private pending: { key: string; promise: Promise<Kept<T>> } | null = null;

  constructor(
    private readonly maxAgeMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: string, render: () => Promise<T>): Promise<SharedValue<T>> {
    if (this.maxAgeMs <= 0) return { value: await render(), ageMs: 0 };
    const kept = this.kept;
    if (kept && kept.key === key && this.now() - kept.at < this.maxAgeMs) return { value: kept.value, ageMs: this.now() - kept.at };
    if (this.pending?.key === key) {
      const shared = await this.pending.promise;
      return { value: shared.value, ageMs: this.now() - shared.at };
    }
    const at = this.now();
    const promise = render().then((value) => ({ key, at, value }));
    const pending = { key, promise };
    this.pending = pending;
    try {
      const made = await promise;
      this.kept = made;
      return { value: made.value, ageMs: 0 };
    } finally {
      if (this.pending === pending) this.pending = null;
    }
  }
}
