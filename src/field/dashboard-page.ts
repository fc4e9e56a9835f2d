import { buildDashboard } from '../dashboard.js';
import { dashboardParts } from '../report/dashboard.js';
import type { Results } from '../results.js';
import { DAY_MS, type AggregateQuery, type FieldAggregates } from './store.js';

/** What one render of the dashboard is made from, besides the field data. */
export interface DashboardRequest {
  /** The latest lab results (their markers on the charts), or null. */
  lab: Results | null;
  /** When the render starts (ms since the epoch); the window ends there. */
  now: number;
  /** Days of field data shown. */
  windowDays: number;
  /** Pages shown, most samples first. */
  pageLimit: number;
  title: string;
}

/** A rendered dashboard: the page, and the same gzipped (served to browsers that accept it). */
export interface RenderedDashboard {
  html: string | Uint8Array;
  gzip: Uint8Array;
}

/** The field data a render asks the store for. */
export const dashboardQuery = (request: DashboardRequest): AggregateQuery => ({
  since: request.now - request.windowDays * DAY_MS,
  pageLimit: request.pageLimit,
  alwaysInclude: request.lab?.pages.map((p) => p.name),
});

/** The page's HTML, in parts, from the store's aggregates. */
export const dashboardPage = (field: FieldAggregates, request: DashboardRequest): Iterable<string> =>
  dashboardParts(buildDashboard(field, request.lab, { title: request.title, windowDays: request.windowDays, now: request.now }));
