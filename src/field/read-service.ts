/**
 * What the collector's read thread does (read-worker.ts loads it): its own read connection to the
 * store; summaries, aggregates, targets, and the dashboard's page and its gzip, all off the thread that
 * answers beacons. Messages in: { id, read: ReadRequest }; out: { id, value } (a dashboard's
 * bytes transferred, not copied) or { id, error, code }, and { event, error } for an idle
 * connection's error.
 */
import type { MessagePort } from 'node:worker_threads';
import { gzipSync } from 'node:zlib';
import type pg from 'pg';
import { loadOptionalPackage } from '../optional-package.js';
import { dashboardPage, dashboardQuery, type DashboardRequest } from './dashboard-page.js';
import { numbered } from './postgres-schema.js';
import { postgresPoolConfig } from './postgres-store.js';
import { ReadPacer } from './read-pacer.js';
import { queryAggregates, querySummary } from './rollup-queries.js';
import type { RunQuery } from './rollup-where.js';
import { openSqliteReader, type SqliteReader } from './sqlite-reader.js';
import type { StoreLocation } from './store-location.js';
import { dayOf, type AggregateQuery, type SummaryQuery, type TargetQuery } from './store.js';
import { queryTargets } from './target-queries.js';

/** One read, as the read thread is asked for it. */
export type ReadRequest =
  | { kind: 'summary'; query: SummaryQuery; now: number }
  | { kind: 'aggregates'; query: AggregateQuery; now: number }
  | { kind: 'targets'; query: TargetQuery; now: number }
  | { kind: 'dashboard'; request: DashboardRequest };

/** The store's reads; a SQLite reader whose thread stopped (the file could not be opened) is opened again by the next read. */
function openReader(location: StoreLocation, port: MessagePort): { run: RunQuery; failed(): void } {
  if (location.kind === 'sqlite') {
    let reader: SqliteReader | null = null;
    return {
      run: (sql, params) => {
        reader ??= openSqliteReader(location.file);
        return reader.run(sql, params);
      },
      failed: () => {
        void reader?.close();
        reader = null;
      },
    };
  }
  const { Pool } = loadOptionalPackage<typeof pg>('pg', 'The collector’s PostgreSQL store (--database-url)');
  const pool = new Pool(postgresPoolConfig(location.url, 'read'));
  pool.on('error', (error) => port.postMessage({ event: 'postgres_read_connection_error', error: error.message }));
  // The pool connects again by itself after a lost connection.
  return { run: async (sql, params) => (await pool.query(numbered(sql), params)).rows, failed: () => undefined };
}

/** Does one read; its value and what to transfer rather than copy. */
async function read(run: RunQuery, read: ReadRequest): Promise<{ value: unknown; transfer: ArrayBuffer[] }> {
  if (read.kind === 'summary') return { value: await querySummary(run, read.query, dayOf(read.now)), transfer: [] };
  if (read.kind === 'aggregates') return { value: await queryAggregates(run, read.query, dayOf(read.now)), transfer: [] };
  if (read.kind === 'targets') return { value: await queryTargets(run, read.query, dayOf(read.now)), transfer: [] };
  const { request } = read;
  const field = await queryAggregates(run, dashboardQuery(request), dayOf(request.now));
  const html = new TextEncoder().encode([...dashboardPage(field, request)].join(''));
  // The page's own buffer moves to the other thread; the gzip's may be a slice of Node's shared pool, so it is copied.
  return { value: { html, gzip: gzipSync(html) }, transfer: [html.buffer as ArrayBuffer] };
}

/**
 * After each read the thread rests as long as the read took (ReadPacer). A dashboard always being asked
 * for (or a script polling /api/summary) then keeps at most half of a core and of a database backend
 * busy, not all of one: on a 2-core server that is what ingest's p99 felt (bench:field-query, session 15).
 */
const REST_RATIO = 1;

/** Answers the reads that arrive on `port` (read-worker.ts's thread), from the store at `location`, one at a time. */
export function serveReads(port: MessagePort, location: StoreLocation): void {
  const reader = openReader(location, port);
  const pacer = new ReadPacer(REST_RATIO);
  let queue = Promise.resolve();
  const serve = async ({ id, read: request }: { id: number; read: ReadRequest }) => {
    const rest = pacer.waitBefore(performance.now());
    if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
    const started = performance.now();
    try {
      const { value, transfer } = await read(reader.run, request);
      port.postMessage({ id, value }, transfer);
    } catch (error) {
      reader.failed();
      const { message, code } = error as { message?: string; code?: string };
      port.postMessage({ id, error: String(message ?? error), code });
    }
    pacer.ran(started, performance.now());
  };
  port.on('message', (message: { id: number; read: ReadRequest }) => {
    queue = queue.then(() => serve(message));
  });
}
