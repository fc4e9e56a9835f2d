import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the WAL is copied into the database file, and past how many pages it is started over. */
export interface CheckpointPolicy {
  /** Milliseconds between checkpoints. */
  everyMs: number;
  /** WAL pages past which the writer is asked to start the WAL over (and to truncate its file to this size). */
  restartPages: number;
}

/**
 * A checkpoint every 250 ms copies what 250 ms of ingest wrote; the WAL starts over past 10 000 pages
 * (about 40 MiB), as SQLite's automatic checkpoint did at that setting on the writer.
 */
export const CHECKPOINTS: CheckpointPolicy = { everyMs: 250, restartPages: 10_000 };

/** The checkpoints' nice value, as the reads' (sqlite-reader.ts): the copy takes a core when ingest leaves one. */
const CHECKPOINT_NICE = 10;

/** Ticks the thread skips while it waits for the writer to catch up (resumed at once when the writer has). */
const CATCH_UP_TICKS = 4;

/**
 * The worker's code, as a string so that it runs the same from src/ under the tests and from dist/.
 * Each tick: a PASSIVE checkpoint, which neither waits for nor blocks the writer or the readers, and
 * a report. Under commits that never pause, a checkpoint on another thread always ends a commit or two
 * behind, so SQLite never finds the WAL all copied when a commit begins, and never starts it over: it
 * would grow for as long as the load lasts. So once the WAL is past restartPages and all of it is
 * copied, the report asks the writer to catch up (copy the few pages it wrote since, right after its
 * next commit; see SqliteCheckpointer.caughtUp), and the thread keeps off the checkpoint lock until it
 * has. Not when a reader held pages back (an older snapshot): the WAL cannot start over yet.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
try {
  const tid = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop());
  require('node:os').setPriority(tid, workerData.nice);
} catch {}
let db;
try {
  db = new Database(workerData.file, { fileMustExist: true });
} catch (error) {
  // A plain Error crosses to the main thread with its message (SqliteError's would arrive as { code } alone).
  throw new Error('cannot checkpoint ' + workerData.file + ': ' + error.message);
}
db.pragma('wal_autocheckpoint = 0');
let waiting = 0;
const tick = () => {
  if (waiting > 0) return void waiting--;
  const [passive] = db.pragma('wal_checkpoint(PASSIVE)');
  const catchUp = passive.log >= workerData.restartPages && passive.checkpointed === passive.log;
  if (catchUp) waiting = workerData.catchUpTicks;
  parentPort.postMessage({ pages: passive.log, copied: passive.checkpointed, catchUp });
};
const timer = setInterval(tick, workerData.everyMs);
parentPort.on('message', (message) => {
  if (message === 'caught-up') return void (waiting = 0);
  clearInterval(timer);
  db.close();
  process.exit(0);
});`;

/** One tick's report: the WAL's pages, how many of them are in the database file now, and whether the writer should catch up. */
export interface Checkpoint {
  pages: number;
  copied: number;
  catchUp: boolean;
}

export interface SqliteCheckpointer {
  /** The writer has copied the rest of the WAL itself (after a report with `catchUp`): the thread goes on. */
  caughtUp(): void;
  /** Stops the checkpoints (the writer's close then does the last one). */
  close(): Promise<void>;
}

/**
 * Copies a SQLite file's WAL into the database file from a thread of its own, so that the writer on
 * the event loop does not (its connection has `wal_autocheckpoint = 0`), but for the small catch-up a
 * report asks for now and then. SQLite's automatic checkpoint runs inside a commit and fsyncs twice;
 * once the WAL is past its size and a dashboard's read keeps it from starting over, every later commit
 * checkpoints again, and ingest's p99 paid for it (bench:field-query, session 16). `onCheckpoint`
 * hears each report; `onStopped` hears when the thread ends other than by `close`, so that the writer
 * can checkpoint by itself again.
 */
export function startSqliteCheckpointer(
  file: string,
  options: { policy?: CheckpointPolicy; onStopped: (error: Error) => void; onCheckpoint?: (checkpoint: Checkpoint) => void },
): SqliteCheckpointer {
  const policy = options.policy ?? CHECKPOINTS;
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { file, ...policy, catchUpTicks: CATCH_UP_TICKS, nice: CHECKPOINT_NICE, module: createRequire(import.meta.url).resolve('better-sqlite3') },
  });
  worker.unref();
  let closing = false;
  let stopped = false;
  const stop = (error: Error) => {
    if (stopped || closing) return;
    stopped = true;
    options.onStopped(error);
  };
  worker.on('message', (checkpoint: Checkpoint) => options.onCheckpoint?.(checkpoint));
  worker.on('error', (error) => stop(error instanceof Error ? error : new Error(String(error))));
  worker.on('exit', (code) => stop(new Error(`the SQLite checkpoint thread exited (${code})`)));
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    caughtUp() {
      if (!closing && !stopped) worker.postMessage('caught-up');
    },
    async close() {
      if (closing || stopped) return;
      closing = true;
      // Held until the thread has closed its connection: the writer's close, after this, is then the last one.
      worker.ref();
      worker.postMessage('close');
      await exited;
    },
  };
}
