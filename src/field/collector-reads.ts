import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { dashboardPage, dashboardQuery, type DashboardRequest, type RenderedDashboard } from './dashboard-page.js';
import type { AggregateQuery, FieldAggregates, FieldStore, SummaryQuery, SummaryRow, TargetQuery, TargetRow } from './store.js';

/** The collector's reads: GET /api/summary, /api/aggregates, /api/targets and the dashboard's render. */
export interface CollectorReads {
  summary(query: SummaryQuery): Promise<SummaryRow[]>;
  aggregates(query: AggregateQuery): Promise<FieldAggregates>;
  targets(query: TargetQuery): Promise<TargetRow[]>;
  dashboard(request: DashboardRequest): Promise<RenderedDashboard>;
}

/**
 * A read refused because too many are already waiting for the reads' thread (read-thread.ts): the
 * collector answers 503 with Retry-After at once, rather than queueing reads without end.
 */
export class ReadsBusy extends Error {
  readonly code = 'READS_BUSY';
  constructor(readonly waiting: number) {
    super(`${waiting} reads are already waiting`);
  }
}

/**
 * A read the reads' thread did not answer in time (read-thread.ts): the machine's cores are busy
 * with other work (the thread yields to everything), or the database is slow. The collector answers
 * 503 with Retry-After, before a proxy in front of it gives up with a 504.
 */
export class ReadsSlow extends Error {
  readonly code = 'READS_SLOW';
  constructor(readonly deadlineMs: number) {
    super(`no answer from the read thread within ${deadlineMs / 1000} s`);
  }
}

const gzipAsync = promisify(gzip);

/** Longest the dashboard's rendering holds the event loop before it lets other requests (beacons) run. */
const RENDER_SLICE_MS = 5;

/** Joins rendered parts, yielding to the event loop whenever RENDER_SLICE_MS have passed. */
async function joinYielding(parts: Iterable<string>): Promise<string> {
  const out: string[] = [];
  let since = performance.now();
  for (const part of parts) {
    out.push(part);
    if (performance.now() - since > RENDER_SLICE_MS) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      since = performance.now();
    }
  }
  return out.join('');
}

/**
 * The reads done in the collector's own thread, from `store`: what createCollector does unless it is
 * given reads of its own (the CLI's run on a worker thread, read-thread.ts). The dashboard's HTML is
 * joined in slices that let beacons in between.
 */
export function readsInThread(store: FieldStore): CollectorReads {
  return {
    summary: (query) => store.summary(query),
    aggregates: (query) => store.aggregates(query),
    targets: (query) => store.targets(query),
    async dashboard(request) {
      const field = await store.aggregates(dashboardQuery(request));
      const html = await joinYielding(dashboardPage(field, request));
      // Compressed once per render, on libuv's thread pool: a page of charts is ~1 MB, ~10x less gzipped.
      return { html, gzip: await gzipAsync(html) };
    },
  };
}
