/**
 * The beacon wire format: what the browser snippet (rum/) sends to the collector's POST /rum.
 * Types only (rum/ imports nothing else from src/); the JSON Schema is schema/beacon.schema.json.
 */

/** Metric names the snippet reports (web-vitals' names). */
export type FieldMetricName = 'LCP' | 'CLS' | 'INP' | 'FCP' | 'TTFB';

/** How the page was reached, as web-vitals reports it. */
export type NavigationType = 'navigate' | 'reload' | 'back-forward' | 'back-forward-cache' | 'prerender' | 'restore' | 'soft-navigation';

/** One metric sample. */
export interface BeaconMetric {
  name: FieldMetricName;
  /** ms, or unitless for CLS. */
  value: number;
  /** Change since this metric id was last reported. */
  delta: number;
  /** web-vitals' unique id of this metric instance; a later report of the same id replaces the earlier one. */
  id: string;
  rating: 'good' | 'needs-improvement' | 'poor';
  navigationType: NavigationType;
  /** Route name: the page's path without query and hash, or a name from the route patterns (e.g. pages.json names). */
  page: string;
  /** With the attribution build: what caused the value (CSS selectors, phases in ms). */
  attribution?: {
    /** LCP element, INP interaction target, or CLS largest shift target (a CSS selector). */
    target?: string;
    /** INP phases in ms. */
    inputDelay?: number;
    processingDuration?: number;
    presentationDelay?: number;
  };
}

/** One batch: everything the page measured since the last flush. */
export interface Beacon {
  /** Wire format version. */
  v: 1;
  /** Build or release tag of the app, if the page gave one. */
  release?: string;
  /** navigator.connection.effectiveType, when the browser exposes it. */
  connection?: 'slow-2g' | '2g' | '3g' | '4g';
  /** navigator.deviceMemory in GiB, when the browser exposes it. */
  deviceMemory?: number;
  metrics: BeaconMetric[];
}

/** The largest body the collector accepts; the snippet stays well below (browsers allow 64 KiB of keepalive data). */
export const MAX_BEACON_BYTES = 64 * 1024;
/** Longest route name and attribution string. */
export const MAX_STRING = 200;
/** Most metrics in one batch. */
export const MAX_METRICS = 100;
