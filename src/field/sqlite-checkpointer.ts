import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { sqliteWorkerStart } from './sqlite-worker-code.js';

/** How often the WAL is copied into the database file, and past how many pages it is started over. */
export interface CheckpointPolicy {
  /** Milliseconds between checkpoints. */
  everyMs: number;
  /** WAL pages past which the writer is asked to start the WAL over (and to truncate its file to this size). */
  restartPages: number;
  /**
   * WAL pages past which the writer checkpoints by itself after each commit, as SQLite does by default
   * (0: never): a net should the thread fall behind, or stop while no turn of the event loop hears it.
   */
  netPages: number;
}

/**
 * A checkpoint every 250 ms copies what 250 ms of ingest wrote; the WAL starts over past 10 000 pages
 * (about 40 MiB), as SQLite's automatic checkpoint did at that setting on the writer; the net is 4x that.
 */
export const CHECKPOINTS: CheckpointPolicy = { everyMs: 250, restartPages: 10_000, netPages: 40_000 };

/**
 * The checkpoints' nice value: the copy takes a core when ingest leaves one. Not SCHED_IDLE, as the
 * reads are (thread-priority.ts): a checkpoint holds SQLite's checkpoint lock while it copies, and a
 * holder starved of CPU by a busy ingest would keep the writer's own checkpoint (the safety net) out.
 */
const CHECKPOINT_NICE = 10;

/** Ticks the thread waits for the writer to catch up before it checkpoints again anyway. */
const CATCH_UP_TICKS = 4;

/**
 * The worker's code, as a string so that it runs the same from src/ under the tests and from dist/.
 * Each tick: a PASSIVE checkpoint, which neither waits for nor blocks the writer or the readers.
 * Under commits that never pause, a checkpoint on another thread always ends a commit or two behind,
 * so SQLite never finds the WAL all copied when a commit begins, and never starts it over: it would
 * grow for as long as the load lasts. So once the WAL is past restartPages and all of it is copied,
 * the thread raises a flag in memory both threads share, and keeps off the checkpoint lock while it
 * is up (CATCH_UP_TICKS at most); the writer, after its next commit, copies the few pages it wrote
 * since and lowers it (SqliteCheckpointer.afterCommit). Shared memory, not a message: a writer whose
 * commits follow one another without a turn of the event loop (a bulk import) would never read one.
 * Not when a reader held pages back (an older snapshot): the WAL cannot start over yet.
 */
const WORKER = `${sqliteWorkerStart({ readonly: false, verb: 'checkpoint' })}
db.pragma('wal_autocheckpoint = 0');
const flag = new Int32Array(workerData.flag);
let waited = 0;
const tick = () => {
  if (Atomics.load(flag, 0) === 1 && waited++ < workerData.catchUpTicks) return;
  Atomics.store(flag, 0, 0);
  waited = 0;
  const [passive] = db.pragma('wal_checkpoint(PASSIVE)');
  if (passive.log >= workerData.restartPages && passive.checkpointed === passive.log) Atomics.store(flag, 0, 1);
};
const timer = setInterval(tick, workerData.everyMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  process.exit(0);
});`;

/** What the writer's connection can run: a pragma (better-sqlite3's Database). */
interface Pragmas {
  pragma(source: string): unknown;
}

export interface SqliteCheckpointer {
  /**
   * For the writer, right after each commit: when the thread has asked for it, copies the pages of the
   * commits since its last checkpoint (PASSIVE: it never waits), so that the next commit starts the
   * WAL over. Measured in the collector at 4 900 beacons/s: 2-7 ms, every 0.75 s.
   */
  afterCommit(writer: Pragmas): void;
  /** Stops the checkpoints (the writer's close then does the last one). */
  close(): Promise<void>;
}

/**
 * Copies a SQLite file's WAL into the database file from a thread of its own, so that the writer on
 * the event loop does not, but for the small catch-up above. SQLite's automatic checkpoint runs
 * inside a commit and fsyncs twice; once the WAL is past its size and a dashboard's read keeps it
 * from starting over, every later commit checkpoints again (bench:field-query, session 16).
 * `onStopped` hears when the thread ends other than by `close`, so that the writer can checkpoint by
 * itself again.
 */
export function startSqliteCheckpointer(file: string, options: { policy?: CheckpointPolicy; onStopped: (error: Error) => void }): SqliteCheckpointer {
  const policy = options.policy ?? CHECKPOINTS;
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: {
      file,
      ...policy,
      flag: flag.buffer,
      catchUpTicks: CATCH_UP_TICKS,
      nice: CHECKPOINT_NICE,
      module: createRequire(import.meta.url).resolve('better-sqlite3'),
    },
  });
  worker.unref();
  let closing = false;
  let stopped = false;
  const stop = (error: Error) => {
    if (stopped || closing) return;
    stopped = true;
    options.onStopped(error);
  };
  worker.on('error', (error) => stop(error instanceof Error ? error : new Error(String(error))));
  worker.on('exit', (code) => stop(new Error(`the SQLite checkpoint thread exited (${code})`)));
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    afterCommit(writer) {
      if (Atomics.load(flag, 0) !== 1) return;
      // Lowered first: should the copy fail, the thread asks again at its next tick, not every commit meanwhile.
      Atomics.store(flag, 0, 0);
      writer.pragma('wal_checkpoint(PASSIVE)');
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
