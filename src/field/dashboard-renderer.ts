import { Worker } from 'node:worker_threads';
import type { DashboardRequest, RenderedDashboard } from './dashboard-page.js';
import type { StoreLocation } from './store-location.js';

/** Renders the dashboard on a worker thread (render-worker.ts). */
export interface DashboardRenderer {
  render(request: DashboardRequest): Promise<RenderedDashboard>;
  close(): Promise<void>;
}

type Reply = { id: number; html: Uint8Array; gzip: Uint8Array } | { id: number; error: string; code?: string } | { event: string; error: string };

/**
 * Starts the dashboard's worker thread on a read connection of its own to the store at `location`.
 * The thread that answers beacons then only passes the finished page on: a render's queries, its
 * page of ~1 MB and its gzip never hold up ingest's event loop. A worker that dies fails the renders
 * waiting on it; the next render starts a new one. `workerFile` is the compiled render-worker.js
 * (default: beside this module).
 */
export function startDashboardRenderer(
  location: StoreLocation,
  options: { onError?: (event: string, error: Error) => void; workerFile?: URL } = {},
): DashboardRenderer {
  const file = options.workerFile ?? new URL('./render-worker.js', import.meta.url);
  const waiting = new Map<number, { resolve: (value: RenderedDashboard) => void; reject: (error: Error) => void }>();
  let worker: Worker | null = null;
  let next = 0;
  const failAll = (error: Error) => {
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
  };
  const start = (): Worker => {
    const started = new Worker(file, { workerData: location });
    started.unref();
    started.on('message', (reply: Reply) => {
      if ('event' in reply) return options.onError?.(reply.event, new Error(reply.error));
      const call = waiting.get(reply.id);
      if (!call) return;
      waiting.delete(reply.id);
      if (waiting.size === 0) started.unref();
      if ('error' in reply) call.reject(Object.assign(new Error(reply.error), { code: reply.code }));
      else call.resolve({ html: reply.html, gzip: reply.gzip });
    });
    started.on('error', (error) => {
      options.onError?.('dashboard_worker_failed', error);
      failAll(error);
    });
    started.on('exit', () => {
      if (worker === started) worker = null;
      failAll(new Error('the dashboard’s worker thread stopped'));
    });
    return started;
  };
  return {
    render(request) {
      worker ??= start();
      const id = ++next;
      const promise = new Promise<RenderedDashboard>((resolve, reject) => waiting.set(id, { resolve, reject }));
      worker.ref();
      worker.postMessage({ id, request });
      return promise;
    },
    async close() {
      const stopping = worker;
      worker = null;
      await stopping?.terminate();
    },
  };
}
