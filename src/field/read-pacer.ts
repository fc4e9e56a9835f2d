/**
 * Paces a stream of reads done one at a time: after each, a rest `restRatio` times as long as it
 * took. With restRatio 1, reads asked for back to back take at most half of the time (of a core, of
 * a database connection), and what they leave goes to ingest; a read after a quiet spell starts at once.
 */
export class ReadPacer {
  private restUntil = Number.NEGATIVE_INFINITY;

  constructor(private readonly restRatio: number) {}

  /** How long a read that could start at `now` waits first (ms). */
  waitBefore(now: number): number {
    return Math.max(0, this.restUntil - now);
  }

  /** Records a read that ran from `started` to `ended` (ms). */
  ran(started: number, ended: number): void {
    this.restUntil = ended + (ended - started) * this.restRatio;
  }
}
