/**
 * The collector's own metrics, for the monitoring of whoever runs it (Prometheus, Grafana Agent,
 * VictoriaMetrics, Datadog's OpenMetrics check): requests by route and status, samples stored and
 * waiting for their commit, how long commits take, whether the store can write. Counted in memory
 * since the process started, rendered in Prometheus' text format (version 0.0.4) at GET /metrics.
 */

/** The routes requests are counted under: a fixed set, so that no client can grow the label values. */
export const METRIC_ROUTES = ['rum', 'rum_preflight', 'healthz', 'api_summary', 'api_aggregates', 'api_targets', 'dashboard', 'metrics', 'other'] as const;
export type MetricRoute = (typeof METRIC_ROUTES)[number];

/** Upper bounds (seconds) of the commit-time histogram's buckets. */
export const WRITE_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

const PATH_ROUTES: Record<string, MetricRoute> = {
  '/healthz': 'healthz',
  '/api/summary': 'api_summary',
  '/api/aggregates': 'api_aggregates',
  '/api/targets': 'api_targets',
  '/': 'dashboard',
  '/metrics': 'metrics',
};

/** The route a request is counted under. */
export function metricRoute(method: string, pathname: string): MetricRoute {
  if (pathname === '/rum') return method === 'OPTIONS' ? 'rum_preflight' : 'rum';
  return PATH_ROUTES[pathname] ?? 'other';
}

/** What the metrics say besides the counters: read when they are rendered. */
export interface MetricsSnapshot {
  /** Whether the store can write now (its health check). */
  storeUp: boolean;
  /** `sqlite` or `postgresql`. */
  store: string;
  version: string;
  residentBytes: number;
  startSeconds: number;
}

/** The counters of one collector process. */
export class CollectorMetrics {
  private readonly requests = new Map<string, number>();
  private stored = 0;
  private pending = 0;
  private readonly writeCounts: number[] = WRITE_BUCKETS.map(() => 0);
  private writeCount = 0;
  private writeSum = 0;
  private writesFailed = 0;

  /** A request answered with `status`. */
  request(route: MetricRoute, status: number): void {
    const key = `${route} ${status}`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
  }

  /** Samples handed to the store, waiting for their commit. */
  writing(samples: number): void {
    this.pending += samples;
  }

  /** A write that took `seconds`, its samples committed (`ok`) or not. */
  written(samples: number, seconds: number, ok: boolean): void {
    this.pending -= samples;
    if (ok) this.stored += samples;
    else this.writesFailed += 1;
    this.writeCount += 1;
    this.writeSum += seconds;
    for (const [i, bound] of WRITE_BUCKETS.entries()) if (seconds <= bound) this.writeCounts[i] = (this.writeCounts[i] ?? 0) + 1;
  }

  /** The metrics in Prometheus' text exposition format. */
  render(snapshot: MetricsSnapshot): string {
    const lines: string[] = [];
    const family = (name: string, type: 'counter' | 'gauge' | 'histogram', help: string) => lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    family('perfgate_collector_info', 'gauge', 'The collector: its version and its store.');
    lines.push(`perfgate_collector_info{version="${label(snapshot.version)}",store="${label(snapshot.store)}"} 1`);
    family('perfgate_collector_requests_total', 'counter', 'Requests answered, by route and HTTP status.');
    for (const [key, count] of [...this.requests].sort(([a], [b]) => a.localeCompare(b))) {
      const [route, code] = key.split(' ');
      lines.push(`perfgate_collector_requests_total{route="${route}",code="${code}"} ${count}`);
    }
    family('perfgate_collector_samples_stored_total', 'counter', 'Samples (one metric of one page view each) committed to the store.');
    lines.push(`perfgate_collector_samples_stored_total ${this.stored}`);
    family('perfgate_collector_samples_pending', 'gauge', 'Samples handed to the store and not yet committed.');
    lines.push(`perfgate_collector_samples_pending ${this.pending}`);
    family('perfgate_collector_write_failures_total', 'counter', 'Writes the store failed (their clients got 503).');
    lines.push(`perfgate_collector_write_failures_total ${this.writesFailed}`);
    family('perfgate_collector_write_duration_seconds', 'histogram', 'Time from a batch handed to the store to its commit (or failure).');
    for (const [i, bound] of WRITE_BUCKETS.entries()) lines.push(`perfgate_collector_write_duration_seconds_bucket{le="${bound}"} ${this.writeCounts[i]}`);
    lines.push(`perfgate_collector_write_duration_seconds_bucket{le="+Inf"} ${this.writeCount}`);
    lines.push(`perfgate_collector_write_duration_seconds_sum ${this.writeSum}`);
    lines.push(`perfgate_collector_write_duration_seconds_count ${this.writeCount}`);
    family('perfgate_collector_store_up', 'gauge', 'Whether the store can write (1) or not (0), as GET /healthz answers.');
    lines.push(`perfgate_collector_store_up ${snapshot.storeUp ? 1 : 0}`);
    family('process_resident_memory_bytes', 'gauge', 'Resident memory size in bytes.');
    lines.push(`process_resident_memory_bytes ${snapshot.residentBytes}`);
    family('process_start_time_seconds', 'gauge', 'Start time of the process since the epoch, in seconds.');
    lines.push(`process_start_time_seconds ${snapshot.startSeconds}`);
    return `${lines.join('\n')}\n`;
  }
}

/** A label value as the text format needs it: backslash, double quote and line feed escaped. */
const label = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
