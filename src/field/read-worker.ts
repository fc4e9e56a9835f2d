/**
 * The entry of the worker thread the CLI's collector reads on (read-thread.ts starts it;
 * read-service.ts does the work). On Linux the thread runs under SCHED_IDLE (else at nice
 * READ_NICE; see thread-priority.ts), set before the reads' modules load, so that even starting it
 * takes a core only when ingest leaves one.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { StoreLocation } from './store-location.js';
import { lowerThreadPriority } from './thread-priority.js';

/** The reads' nice value where SCHED_IDLE is not to be had (the SQLite reader's, too). */
const READ_NICE = 10;

lowerThreadPriority(READ_NICE, true);
const { serveReads } = await import('./read-service.js');
if (parentPort) serveReads(parentPort, workerData as StoreLocation);
