import type { BeaconMetric, FieldMetricName } from './wire.js';

/** Device classes the collector reduces user agents to. */
export type DeviceClass = 'mobile' | 'tablet' | 'desktop' | 'unknown';

/** One stored metric sample: no IP address, the user agent reduced to browser family and device class. */
export interface StoredSample {
  /** web-vitals' metric id; a later report of the same id replaces the earlier one. */
  metricId: string;
  name: FieldMetricName;
  value: number;
  delta: number;
  rating: BeaconMetric['rating'];
  navigationType: BeaconMetric['navigationType'];
  page: string;
  release: string | null;
  device: DeviceClass;
  browser: string;
  connection: string | null;
  /** Milliseconds since the epoch. */
  receivedAt: number;
}

/** What GET /api/summary filters on. */
export interface SummaryQuery {
  page?: string;
  metric?: FieldMetricName;
  /** Milliseconds since the epoch. */
  since?: number;
  device?: DeviceClass;
}

/** Count and percentiles of one page, metric and device class ('all' for every device). */
export interface SummaryRow {
  page: string;
  metric: FieldMetricName;
  device: DeviceClass | 'all';
  count: number;
  p50: number;
  p75: number;
  p95: number;
}

/** The one storage interface; SQLite and PostgreSQL implement it and pass the same tests. */
export interface FieldStore {
  /** Resolves only once the samples are committed (group commit: one transaction for many callers). */
  insert(samples: StoredSample[]): Promise<void>;
  summary(query: SummaryQuery): Promise<SummaryRow[]>;
  /** Raw samples since a time (newest first, at most `limit`), for distributions and trends. */
  samples(since: number, limit: number): Promise<Array<{ page: string; name: FieldMetricName; value: number; receivedAt: number }>>;
  count(): Promise<number>;
  /** Deletes samples received before `cutoff` (ms since the epoch); returns how many. */
  deleteOlderThan(cutoff: number): Promise<number>;
  /** Commits what is pending and closes the database. */
  close(): Promise<void>;
}

/** Keeps the last report of each metric id (a batch may hold the same id twice). */
export function lastPerId(samples: readonly StoredSample[]): StoredSample[] {
  return [...new Map(samples.map((s) => [s.metricId, s])).values()];
}
