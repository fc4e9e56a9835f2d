/**
 * What the collector's reads return: summaries and the dashboard's aggregates, computed by the
 * database from daily histogram rollups. Types only, shared by the stores and the pure core.
 */
import type { FieldMetricName } from './wire.js';

/** Device classes the collector reduces user agents to. */
export type DeviceClass = 'mobile' | 'tablet' | 'desktop' | 'unknown';

/** What GET /api/summary filters on. */
export interface SummaryQuery {
  page?: string;
  /** Only these pages. */
  pages?: readonly string[];
  metric?: FieldMetricName;
  /** Milliseconds since the epoch; the window starts at the beginning of that UTC day. */
  since?: number;
  /** One device class, or 'all' for the all-devices rows only; default both. */
  device?: DeviceClass | 'all';
}

/** Count and percentiles of one page, metric and device class ('all' for every device), read from the daily histograms. */
export interface SummaryRow {
  page: string;
  metric: FieldMetricName;
  device: DeviceClass | 'all';
  count: number;
  p50: number;
  p75: number;
  p95: number;
}

/** What the dashboard asks for: a window of whole UTC days and how many pages to show. */
export interface AggregateQuery {
  /** Milliseconds since the epoch; the window starts at the beginning of that UTC day. */
  since: number;
  /** The pages with the most samples, at most this many. */
  pageLimit: number;
  /** Pages to include whatever their traffic (the lab's pages). */
  alwaysInclude?: readonly string[];
}

/** The dashboard's data, computed by the database from the daily histograms: bounded by pageLimit whatever the traffic. */
export interface FieldAggregates {
  /** First UTC day of the window (YYYY-MM-DD); the window runs to now. */
  fromDay: string;
  /** Every page with samples in the window. */
  totalPages: number;
  /** The pages shown, most samples first: the largest sample count over their metrics. */
  pages: Array<{ page: string; samples: number }>;
  /** All devices, per page shown and metric. */
  summary: SummaryRow[];
  /** The log-bucket histogram (see histogram.ts) per page shown and metric: its non-empty buckets in order, and their counts. */
  histograms: Array<{ page: string; metric: FieldMetricName; buckets: number[]; counts: number[] }>;
  /** p75 per UTC day, per page shown, for the charted metrics (LCP, INP, CLS). */
  daily: Array<{ page: string; metric: FieldMetricName; day: string; count: number; p75: number }>;
}
