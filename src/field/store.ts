import type { AggregateQuery, DeviceClass, FieldAggregates, InpPhases, SummaryQuery, SummaryRow, TargetQuery, TargetRow } from './summary.js';
import type { BeaconMetric, FieldMetricName } from './wire.js';

export type { AggregateQuery, DeviceClass, FieldAggregates, InpPhases, SummaryQuery, SummaryRow, TargetQuery, TargetRow } from './summary.js';

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
  /**
   * With the attribution build: the LCP element, the INP interaction target or the CLS largest shift
   * target (a CSS selector); null or absent without one.
   */
  target?: string | null;
  /** INP's phases, with the attribution build. */
  phases?: InpPhases | null;
}

/** Whether the store can take writes now, for GET /healthz. */
export interface StoreHealth {
  ok: boolean;
  /** "sqlite" or "postgresql". */
  store: string;
  /** Why not, when not ok. */
  error?: string;
}

/** The one storage interface; SQLite and PostgreSQL implement it and pass the same tests. */
export interface FieldStore {
  /** Resolves only once the samples are committed, all of them or none (group commit: one transaction for many callers). */
  insert(samples: StoredSample[]): Promise<void>;
  summary(query: SummaryQuery): Promise<SummaryRow[]>;
  aggregates(query: AggregateQuery): Promise<FieldAggregates>;
  /** What the attribution build names as the cause of LCP, INP and CLS: the most common targets per page and metric. */
  targets(query: TargetQuery): Promise<TargetRow[]>;
  count(): Promise<number>;
  /** Deletes samples of UTC days that ended before `cutoff` (ms since the epoch), with their rollups; returns how many samples. */
  deleteOlderThan(cutoff: number): Promise<number>;
  /** Computes and keeps the daily p75 of days that ended (what the dashboard charts); returns how many days. */
  keepDailyP75(): Promise<number>;
  health(): Promise<StoreHealth>;
  /** Commits what is pending and closes the database. */
  close(): Promise<void>;
}

/** Keeps the last report of each metric id (a batch may hold the same id twice). */
export function lastPerId(samples: readonly StoredSample[]): StoredSample[] {
  return [...new Map(samples.map((s) => [s.metricId, s])).values()];
}

export const DAY_MS = 86_400_000;

/** Days since the epoch (UTC) of a time in ms. */
export const dayOf = (ms: number): number => Math.floor(ms / DAY_MS);

/** A day number as YYYY-MM-DD. */
export const dayText = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
