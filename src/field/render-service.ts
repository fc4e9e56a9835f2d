/**
 * What the dashboard's worker thread does (render-worker.ts loads it): its own read connection to
 * the store, the aggregates, the page and its gzip, all off the thread that answers beacons.
 * Messages in: { id, request: DashboardRequest }; out: { id, html, gzip } or { id, error, code },
 * and { event, error } for an idle connection's error.
 */
import type { MessagePort } from 'node:worker_threads';
import { gzipSync } from 'node:zlib';
import type pg from 'pg';
import { loadOptionalPackage } from '../optional-package.js';
import { dashboardPage, dashboardQuery, type DashboardRequest } from './dashboard-page.js';
import { numbered } from './postgres-schema.js';
import { postgresPoolConfig } from './postgres-store.js';
import { queryAggregates, type RunQuery } from './rollup-queries.js';
import { openSqliteReader, type SqliteReader } from './sqlite-reader.js';
import type { StoreLocation } from './store-location.js';
import { dayOf } from './store.js';

/** The store's reads; a SQLite reader whose thread stopped (the file could not be opened) is opened again by the next render. */
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
  pool.on('error', (error) => port.postMessage({ event: 'postgres_render_connection_error', error: error.message }));
  // The pool connects again by itself after a lost connection.
  return { run: async (sql, params) => (await pool.query(numbered(sql), params)).rows, failed: () => undefined };
}

/** Answers the render requests that arrive on `port` (render-worker.ts's thread), reading the store at `location`. */
export function serveRenders(port: MessagePort, location: StoreLocation): void {
  const reader = openReader(location, port);
  port.on('message', async ({ id, request }: { id: number; request: DashboardRequest }) => {
    try {
      const field = await queryAggregates(reader.run, dashboardQuery(request), dayOf(request.now));
      const html = new TextEncoder().encode([...dashboardPage(field, request)].join(''));
      const gzip = gzipSync(html);
      port.postMessage({ id, html, gzip }, [html.buffer]);
    } catch (error) {
      reader.failed();
      const { message, code } = error as { message?: string; code?: string };
      port.postMessage({ id, error: String(message ?? error), code });
    }
  });
}
