/**
 * The entry of the worker thread the CLI's collector renders its dashboard on (dashboard-renderer.ts
 * starts it; render-service.ts does the work). On Linux the thread runs at nice RENDER_NICE, set
 * before the render's modules load, so that even starting it takes a core only when ingest leaves one.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { StoreLocation } from './store-location.js';
import { lowerThreadPriority } from './thread-priority.js';

/** The render's nice value: it takes a core when ingest leaves one (the SQLite reader's, too). */
const RENDER_NICE = 10;

lowerThreadPriority(RENDER_NICE);
const { serveRenders } = await import('./render-service.js');
if (parentPort) serveRenders(parentPort, workerData as StoreLocation);
