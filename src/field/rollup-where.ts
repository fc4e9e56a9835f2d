import type { DeviceClass } from './store.js';
import type { FieldMetricName } from './wire.js';

/** Runs one read statement (`?` placeholders, which the PostgreSQL store numbers) and gives its rows. */
export type RunQuery = (sql: string, params: unknown[]) => Promise<Array<Record<string, unknown>>>;

/** What a read of the rollup tables filters on. */
export interface Filter {
  fromDay?: number;
  pages?: readonly string[];
  page?: string;
  metric?: FieldMetricName;
  metrics?: readonly FieldMetricName[];
  device?: DeviceClass;
}

/** The WHERE clause of a Filter and its parameters. */
export function where(filter: Filter): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, ...values: unknown[]) => {
    parts.push(sql);
    params.push(...values);
  };
  if (filter.fromDay !== undefined) add('day >= ?', filter.fromDay);
  if (filter.page !== undefined) add('page = ?', filter.page);
  if (filter.pages) add(`page IN (${filter.pages.map(() => '?').join(', ') || 'NULL'})`, ...filter.pages);
  if (filter.metric) add('metric = ?', filter.metric);
  if (filter.metrics) add(`metric IN (${filter.metrics.map(() => '?').join(', ')})`, ...filter.metrics);
  if (filter.device) add('device = ?', filter.device);
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

/** Where a read finds its histograms: the rolling window's first day (null without one) and today. */
export interface ReadWindow {
  recentFrom: number | null;
  today: number;
}

/** Reads the rolling window's first day (recent-window.ts). */
export async function readWindow(run: RunQuery, today: number): Promise<ReadWindow> {
  const [row] = await run('SELECT from_day FROM recent_window', []);
  return { recentFrom: row ? Number(row.from_day) : null, today };
}

/** The rolling window holds about as many rows as this many days of daily rows (most buckets recur from day to day). */
const WINDOW_COST_DAYS = 4;

/** Whether a read from `fromDay` on reads fewer rows from the rolling window (and the days between) than from the daily rows. */
export const readsWindow = (fromDay: number, window: ReadWindow): boolean =>
  window.recentFrom !== null && WINDOW_COST_DAYS + Math.abs(fromDay - window.recentFrom) < window.today - fromDay + 1;

const FROM_DAY = '(SELECT from_day FROM recent_window)';

/**
 * The days between the rolling window's start and a read's first day (whichever comes first), as a
 * condition on `day` with four parameters, each the read's first day. The window's start is read in
 * the same statement. Callers count these days' rows minus when they lie before the read's first
 * day (the window holds them, the read does not) and plus otherwise (the read wants them, the window
 * has left them): `CASE WHEN day < ? THEN -count ELSE count END`.
 */
export const BETWEEN_WINDOW_AND_DAY = `day >= CASE WHEN ? < ${FROM_DAY} THEN ? ELSE ${FROM_DAY} END AND day < CASE WHEN ? < ${FROM_DAY} THEN ${FROM_DAY} ELSE ? END`;
