import { quantile } from '../stats.js';
import type { DeviceClass, SummaryRow } from './store.js';
import type { FieldMetricName } from './wire.js';

/** Count and p50/p75/p95 per page, metric and device (plus 'all'), with perfgate's one percentile definition. */
export function summarizeValues(rows: Iterable<{ page: string; name: FieldMetricName; device: DeviceClass; value: number }>): SummaryRow[] {
  const groups = new Map<string, { page: string; metric: FieldMetricName; device: DeviceClass | 'all'; values: number[] }>();
  for (const row of rows) {
    for (const device of [row.device, 'all'] as const) {
      const key = `${row.page}\u0000${row.name}\u0000${device}`;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { page: row.page, metric: row.name, device, values: [] }));
      group.values.push(row.value);
    }
  }
  return [...groups.values()]
    .map((g) => ({ page: g.page, metric: g.metric, device: g.device, count: g.values.length, p50: quantile(g.values, 0.5), p75: quantile(g.values, 0.75), p95: quantile(g.values, 0.95) }))
    .sort((a, b) => a.page.localeCompare(b.page) || a.metric.localeCompare(b.metric) || a.device.localeCompare(b.device));
}
