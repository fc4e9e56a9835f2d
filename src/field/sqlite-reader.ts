import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { RunQuery } from './rollup-where.js';
import { sqliteWorkerStart } from './sqlite-worker-code.js';

/**
 * The worker's code, as a string so that it runs the same from src/ under the tests and from
 * dist/: a read-only connection to the same file (WAL lets it read while the main thread writes),
 * statements cached by their SQL, one query at a time, at a lower CPU priority than the main
 * thread (on Linux SCHED_IDLE, else nice READER_NICE; see thread-priority.ts).
 */
const READER_NICE = 10;
const WORKER = `${sqliteWorkerStart({ readonly: true, verb: 'read' })}
db.pragma('busy_timeout = 5000');
const statements = new Map();
parentPort.on('message', ({ id, sql, params }) => {
  try {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = db.prepare(sql)));
    parentPort.postMessage({ id, rows: statement.all(...params) });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message), code: error && error.code });
  }
});`;

/** Reads of the SQLite store, run on a worker thread so that a long aggregate never holds up ingest on the event loop. */
export interface SqliteReader {
  run: RunQuery;
  close(): Promise<void>;
}

export function openSqliteReader(file: string): SqliteReader {
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { file, nice: READER_NICE, idle: true, module: createRequire(import.meta.url).resolve('better-sqlite3') },
  });
  worker.unref();
  const waiting = new Map<number, { resolve: (rows: Array<Record<string, unknown>>) => void; reject: (error: Error) => void }>();
  let next = 0;
  // Once the worker has stopped (it could not open the file, or was closed), every read fails at once.
  let stopped: Error | null = null;
  const failAll = (error: Error) => {
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
  };
  worker.on('message', (message: { id: number; rows?: Array<Record<string, unknown>>; error?: string; code?: string }) => {
    const call = waiting.get(message.id);
    if (!call) return;
    waiting.delete(message.id);
    if (message.error !== undefined) call.reject(Object.assign(new Error(message.error), { code: message.code }));
    else call.resolve(message.rows ?? []);
  });
  worker.on('error', (error) => (stopped ??= error instanceof Error ? error : new Error(`the SQLite reader stopped: ${JSON.stringify(error)}`)));
  worker.on('exit', () => {
    stopped ??= new Error('the SQLite reader stopped');
    failAll(stopped);
  });
  return {
    run: (sql, params) =>
      new Promise((resolve, reject) => {
        if (stopped) return reject(stopped);
        const id = ++next;
        waiting.set(id, { resolve, reject });
        worker.ref();
        worker.postMessage({ id, sql, params });
      }).finally(() => {
        if (waiting.size === 0) worker.unref();
      }) as Promise<Array<Record<string, unknown>>>,
    close: async () => {
      await worker.terminate();
    },
  };
}
