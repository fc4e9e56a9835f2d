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
