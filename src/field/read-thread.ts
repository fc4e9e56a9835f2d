import { Worker } from 'node:worker_threads';
import type { CollectorReads } from './collector-reads.js';
import type { ReadRequest } from './read-service.js';
import type { StoreLocation } from './store-location.js';

/** The collector's reads on a worker thread (read-worker.ts). */
export interface ReadThread extends CollectorReads {
  close(): Promise<void>;
}

type Reply = { id: number; value: unknown } | { id: number; error: string; code?: string } | { event: string; error: string };

/**
 * Starts the collector's read thread, on a read connection of its own to the store at `location`.
 * The thread that answers beacons then only passes answers on: a read's queries, the percentiles,
 * the dashboard's page of ~1 MB and its gzip never hold up ingest's event loop. The thread starts
 * with the first read; a thread that dies fails the reads waiting on it, and the next read starts a
 * new one. `workerFile` is the compiled read-worker.js (default: beside this module); `now` the clock
 * the reads' windows end at, as the store's.
 */
export function startReadThread(
  location: StoreLocation,
  options: { onError?: (event: string, error: Error) => void; workerFile?: URL; now?: () => number } = {},
): ReadThread {
  const now = options.now ?? Date.now;
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
    worker ??= start();
    const id = ++next;
    const promise = new Promise<T>((resolve, reject) => waiting.set(id, { resolve: resolve as (value: unknown) => void, reject }));
    worker.ref();
    worker.postMessage({ id, read });
    return promise;
  };
  return {
    summary: (query) => ask({ kind: 'summary', query, now: now() }),
    aggregates: (query) => ask({ kind: 'aggregates', query, now: now() }),
    dashboard: (request) => ask({ kind: 'dashboard', request }),
    async close() {
      const stopping = worker;
      worker = null;
      await stopping?.terminate();
    },
  };
}
