import type { Beacon, BeaconMetric, FieldMetricName } from '../../src/field/wire.js';
import { matchesPath } from '../../src/budgets/path-pattern.js';

/** Options of the RUM snippet. */
export interface RumOptions {
  /** Where batches go (the collector's POST /rum), e.g. "/rum" or "https://rum.example.com/rum". */
  endpoint: string;
  /** Share of page loads that report, 0 to 1 (default 1). Decided once per page load. */
  sampleRate?: number;
  /** Build or release tag sent with every batch. */
  release?: string;
  /** Route patterns, first match wins: "/products/*", "/checkout$" (robots.txt style, as in budgets.json). Default: the path. */
  routes?: Array<{ pattern: string; name: string }>;
  /** Also report soft navigations of single-page apps (web-vitals reportSoftNavs). */
  softNavs?: boolean;
}

/** The web-vitals functions a build uses (standard or attribution): onLCP, onCLS, onINP, onFCP, onTTFB. */
export type Vitals = Array<(callback: (metric: VitalsMetric) => void, options?: ReportOptions) => void>;

/** What the snippet passes to web-vitals: reportSoftNavs from RumOptions, and a build's own (the attribution build's generateTarget). */
export interface ReportOptions {
  reportSoftNavs?: boolean;
  generateTarget?: (element: Node | null) => string | null | undefined;
}

/** The parts of a web-vitals metric the snippet reads. */
export interface VitalsMetric {
  name: FieldMetricName;
  value: number;
  delta: number;
  id: string;
  rating: BeaconMetric['rating'];
  navigationType: BeaconMetric['navigationType'];
  navigationURL?: string;
  attribution?: Record<string, unknown>;
}

/**
 * Route name of a URL: the first matching pattern's name, else the path. Patterns match as in
 * budgets.json, with the same code (src/budgets/path-pattern.ts, bundled in), against the path
 * without query or hash (tracking parameters would otherwise split a route). No pattern can make
 * this throw in the host page: matching uses no regular expressions.
 */
export function routeOf(url: string, routes: NonNullable<RumOptions['routes']>): string {
  const path = new URL(url, location.href).pathname;
  return routes.find((r) => matchesPath(path, r.pattern))?.name ?? path.slice(0, 200);
}

/** Maps web-vitals' attribution object to the wire format's (only the attribution build passes one). */
export type AttributionMapper = (attribution: Record<string, unknown>) => BeaconMetric['attribution'];

/**
 * Starts measuring after the page's load event (nothing on the critical path) and sends one batch
 * whenever the page is hidden: sendBeacon with a text/plain JSON body, else fetch with keepalive.
 * Every failure is silent: the snippet must never break or slow the page.
 */
export function start(options: RumOptions, vitals: Vitals, mapAttribution?: AttributionMapper, report: ReportOptions = {}): void {
  try {
    if (Math.random() >= (options.sampleRate ?? 1)) return;
    const queue = new Map<string, BeaconMetric>();
    const add = (m: VitalsMetric) => {
      queue.set(m.id, {
        name: m.name,
        value: m.value,
        delta: m.delta,
        id: m.id,
        rating: m.rating,
        navigationType: m.navigationType,
        page: routeOf(m.navigationURL ?? location.href, options.routes ?? []),
        attribution: m.attribution && mapAttribution?.(m.attribution),
      });
    };
    const flush = () => {
      if (!queue.size) return;
      const nav = navigator as Navigator & { connection?: { effectiveType?: Beacon['connection'] }; deviceMemory?: number };
      const body = JSON.stringify({
        v: 1,
        release: options.release,
        connection: nav.connection?.effectiveType,
        deviceMemory: nav.deviceMemory,
        metrics: [...queue.values()],
      } satisfies Beacon);
      queue.clear();
      try {
        if (nav.sendBeacon(options.endpoint, body)) return;
      } catch {
        // blocked: try fetch below
      }
      fetch(options.endpoint, { method: 'POST', body, keepalive: true }).catch(() => 0);
    };
    const go = () => {
      try {
        for (const on of vitals) on(add, { ...report, reportSoftNavs: !!options.softNavs });
        // Bubble phase on window: after web-vitals' own (capture) listeners have queued their final values.
        const hidden = () => document.hidden && flush();
        addEventListener('visibilitychange', hidden);
        // Leaving a page fires pagehide, then visibilitychange: flush here only if no visibilitychange follows.
        addEventListener('pagehide', hidden);
      } catch {
        // a browser without PerformanceObserver: report nothing
      }
    };
    if (document.readyState === 'complete') go();
    else addEventListener('load', go);
  } catch {
    // never let the snippet break the page
  }
}
