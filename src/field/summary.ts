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
  /** The attribution build's most common targets per page shown and charted metric (a collector before 0.x sends none). */
  targets?: TargetRow[];
}

/** An interaction's time split into web-vitals' three phases, in ms. */
export interface InpPhases {
  inputDelay: number;
  processingDuration: number;
  presentationDelay: number;
}

/** What GET /api/targets filters on. */
export interface TargetQuery {
  /** Milliseconds since the epoch; the window starts at the beginning of that UTC day. */
  since: number;
  /** Only these pages (default every page). */
  pages?: readonly string[];
  /** Only this metric (default LCP, INP and CLS). */
  metric?: FieldMetricName;
  /** The most common targets per page and metric, at most this many (default 5). */
  limit?: number;
}

/**
 * One target of one page and metric over the window: how many samples named it, their share of the
 * samples that named any, and its own p75 (read from its histogram). `(other)` stands for the
 * targets past the day's first ten new ones (target-deltas.ts).
 */
export interface TargetRow {
  page: string;
  metric: FieldMetricName;
  /** The CSS selector web-vitals' attribution build gives (the LCP element, INP interaction target, CLS largest shift target). */
  target: string;
  count: number;
  /** count / the page and metric's samples with a target, 0-1. */
  share: number;
  p75: number;
  /** INP: the mean of each phase over the target's interactions that came with phases; null without any. */
  phases: InpPhases | null;
}
