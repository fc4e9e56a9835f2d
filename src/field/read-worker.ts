/**
 * The entry of the worker thread the CLI's collector reads on (read-thread.ts starts it;
 * read-service.ts does the work). On Linux the thread runs at nice READ_NICE, set before the reads'
 * modules load, so that even starting it takes a core only when ingest leaves one.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { StoreLocation } from './store-location.js';
import { lowerThreadPriority } from './thread-priority.js';

/** The reads' nice value: they take a core when ingest leaves one (the SQLite reader's, too). */
const READ_NICE = 10;

lowerThreadPriority(READ_NICE);
const { serveReads } = await import('./read-service.js');
if (parentPort) serveReads(parentPort, workerData as StoreLocation);
