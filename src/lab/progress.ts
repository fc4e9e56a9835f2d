/** Where progress goes: a terminal gets one live line, anything else plain lines. */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

/** Progress of a lab run: pages × runs, strictly one at a time. */
export interface Progress {
  /** A run starts. */
  start(page: string, run: number, runs: number | string): void;
  /** A run ended, with a short summary for the log ("FCP 812 ms") or an error. */
  done(page: string, run: number, runs: number | string, summary: string): void;
  /** More runs than planned (sampling until a verdict is clear): the total grows. */
  extend(runs: number): void;
  /** A line that stays (warnings, retries). */
  note(line: string): void;
  stop(): void;
}

export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}

/** A progress display for `total` runs; `now` is injectable for tests. */
export function createProgress(stream: ProgressStream, planned: number, now: () => number = Date.now): Progress {
  const began = now();
  let total = planned;
  const durations: number[] = [];
  let finished = 0;
  let runStarted = began;
  let current = '';
  let timer: NodeJS.Timeout | undefined;
  const live = Boolean(stream.isTTY);

  const estimate = () => {
    if (durations.length === 0) return '';
    const mean = durations.reduce((a, b) => a + b, 0) / durations.length;
    return ` · ~${formatDuration(mean * (total - finished) - (now() - runStarted))} left`;
  };
  const line = () => `[${finished}/${total}] ${current} · ${formatDuration(now() - began)} elapsed${estimate()}`;
  const draw = () => {
    if (!live) return;
    const width = Math.max(20, (stream.columns ?? 80) - 1);
    stream.write(`\r\x1b[2K${line().slice(0, width)}`);
  };
  const clear = () => live && stream.write('\r\x1b[2K');

  return {
    start(page, run, runs) {
      runStarted = now();
      current = `${page} run ${run}/${runs}`;
      if (live) {
        draw();
        clearInterval(timer);
        timer = setInterval(draw, 1000);
        timer.unref();
      }
    },
    done(page, run, runs, summary) {
      durations.push(now() - runStarted);
      finished++;
      clear();
      stream.write(`  ${page} run ${run}/${runs} (${((now() - runStarted) / 1000).toFixed(1)} s) ${summary}\n`);
      draw();
    },
    extend(runs) {
      total += runs;
    },
    note(text) {
      clear();
      stream.write(`${text}\n`);
      draw();
    },
    stop() {
      clearInterval(timer);
      clear();
    },
  };
}
