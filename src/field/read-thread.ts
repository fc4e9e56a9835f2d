import { Worker } from 'node:worker_threads';
import { ReadsBusy, ReadsSlow, type CollectorReads } from './collector-reads.js';
import type { ReadRequest } from './read-service.js';
import type { StoreLocation } from './store-location.js';

/** The collector's reads on a worker thread (read-worker.ts). */
export interface ReadThread extends CollectorReads {
  close(): Promise<void>;
}

/**
 * Reads that may wait for the thread at once. The thread serves one at a time and rests after each
 * (read-service.ts), so a queue is worth having only for a burst; past this a read is refused
 * (ReadsBusy: 503 with Retry-After) instead of waiting minutes and holding its request's memory.
 */
export const MAX_WAITING_READS = 32;

/**
 * Longest a read waits for its answer: below the PostgreSQL store's statement timeout plus its
 * answer's (12 s) and a proxy's usual wait (nginx's and Caddy's in deploy/: 15 s). The thread runs
 * under SCHED_IDLE, so on a machine whose cores other work keeps busy a read may take far longer;
 * it is then answered 503 (ReadsSlow), and still counts as waiting until the thread answers it, so
 * that a starved thread is not handed ever more reads.
 */
export const READ_DEADLINE_MS = 10_000;

type Reply = { id: number; value: unknown } | { id: number; error: string; code?: string } | { event: string; error: string };

/**
 * Starts the collector's read thread, on a read connection of its own to the store at `location`.
 * The thread that answers beacons then only passes answers on: a read's queries, the percentiles,
 * the dashboard's page of ~1 MB and its gzip never hold up ingest's event loop. The thread starts
 * with the first read; a thread that dies fails the reads waiting on it, and the next read starts a
 * new one. `workerFile` is the compiled read-worker.js (default: beside this module); `now` the clock
 * the reads' windows end at, as the store's; `maxWaiting` the reads that may wait at once.
 */
export function startReadThread(
  location: StoreLocation,
  options: { onError?: (event: string, error: Error) => void; workerFile?: URL; now?: () => number; maxWaiting?: number; deadlineMs?: number } = {},
): ReadThread {
  const now = options.now ?? Date.now;
  const maxWaiting = options.maxWaiting ?? MAX_WAITING_READS;
  const deadlineMs = options.deadlineMs ?? READ_DEADLINE_MS;
  const file = options.workerFile ?? new URL('./read-worker.js', import.meta.url);
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let worker: Worker | null = null;
  let next = 0;
  const failAll = (error: Error) => {
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
  };
  const start = (): Worker => {
    const started = new Worker(file, { workerData: location });
    // Idle, the thread does not keep the process alive.
    started.unref();
    started.on('message', (reply: Reply) => {
      if ('event' in reply) return options.onError?.(reply.event, new Error(reply.error));
      const call = waiting.get(reply.id);
      if (!call) return;
      waiting.delete(reply.id);
      if (waiting.size === 0) started.unref();
      if ('error' in reply) call.reject(Object.assign(new Error(reply.error), { code: reply.code }));
      else call.resolve(reply.value);
    });
    started.on('error', (error) => {
      options.onError?.('read_thread_failed', error);
      failAll(error);
    });
    started.on('exit', () => {
      if (worker === started) worker = null;
      failAll(new Error('the collector’s read thread stopped'));
    });
    return started;
  };
  const ask = <T>(read: ReadRequest): Promise<T> => {
    if (waiting.size >= maxWaiting) return Promise.reject(new ReadsBusy(waiting.size));
    worker ??= start();
    const id = ++next;
    const promise = new Promise<T>((resolve, reject) => {
      // Past the deadline the read is answered (503) but stays waiting, its late answer dropped.
      const late = setTimeout(() => {
        waiting.set(id, { resolve: () => undefined, reject: () => undefined });
        reject(new ReadsSlow(deadlineMs));
      }, deadlineMs);
      late.unref();
      const settled = (settle: () => void) => {
        clearTimeout(late);
        settle();
      };
      waiting.set(id, { resolve: (value) => settled(() => resolve(value as T)), reject: (error) => settled(() => reject(error)) });
    });
    worker.ref();
    worker.postMessage({ id, read });
    return promise;
  };
  return {
    summary: (query) => ask({ kind: 'summary', query, now: now() }),
    aggregates: (query) => ask({ kind: 'aggregates', query, now: now() }),
    targets: (query) => ask({ kind: 'targets', query, now: now() }),
    dashboard: (request) => ask({ kind: 'dashboard', request }),
    async close() {
      const stopping = worker;
      worker = null;
      await stopping?.terminate();
    },
  };
}
