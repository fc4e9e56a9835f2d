import { LOWER_THREAD_PRIORITY_SOURCE } from './thread-priority.js';

/**
 * The start of a SQLite worker thread's code, as a string (the workers are eval'd, so that they run
 * the same from src/ under the tests and from dist/). It lowers the thread's CPU priority
 * (thread-priority.ts: SCHED_IDLE when `workerData.idle`, else nice `workerData.nice`; elsewhere it
 * keeps its priority) and opens `workerData.file` as `db` with better-sqlite3 (`workerData.module`).
 * When the file cannot be opened it throws a plain Error that names it, with SQLite's code: a
 * SqliteError would reach the main thread as `{ code }` alone.
 */
export function sqliteWorkerStart(options: { readonly: boolean; verb: string }): string {
  return `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
(${LOWER_THREAD_PRIORITY_SOURCE})(require, workerData.nice, workerData.idle === true);
let db;
try {
  db = new Database(workerData.file, { readonly: ${options.readonly}, fileMustExist: true });
} catch (error) {
  throw Object.assign(new Error('cannot ${options.verb} ' + workerData.file + ': ' + error.message), { code: error.code });
}`;
}
