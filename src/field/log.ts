/** One event of the collector's log: a JSON line with a time, never a beacon body or a client address. */
export interface LogEntry {
  level: 'info' | 'warn' | 'error';
  /** A stable name, e.g. "store_write_failed". */
  event: string;
  message: string;
  /** The cause's message and code, for errors. */
  error?: string;
  code?: string;
  [key: string]: unknown;
}

export type Log = (entry: LogEntry) => void;

/** A log that writes one JSON line per event. */
export function jsonLines(write: (line: string) => void, now: () => number = Date.now): Log {
  return (entry) => write(`${JSON.stringify({ time: new Date(now()).toISOString(), ...entry })}\n`);
}

/** The fields of a log entry that describe an error: its message and, when it has one, its code. */
export function cause(error: unknown): { error: string; code?: string } {
  const code = (error as { code?: unknown })?.code;
  return { error: error instanceof Error ? error.message : String(error), ...(typeof code === 'string' ? { code } : {}) };
}

/** A log that passes each event name on only the first time (for warnings about the setup). */
export function once(log: Log): Log {
  const seen = new Set<string>();
  return (entry) => {
    if (seen.has(entry.event)) return;
    seen.add(entry.event);
    log(entry);
  };
}
