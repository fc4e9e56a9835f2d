import { METRICS } from '../rules.js';
import type { ComparisonSettings, MetricId } from '../types.js';

/** The smallest change that counts: a fraction of the base median, and at least an absolute amount. */
export function minimumEffect(id: MetricId, base: number, settings: ComparisonSettings): number {
  const absolute = METRICS[id].unit === 'unitless' ? settings.minCls : settings.minMs;
  return Math.max(settings.minRelative * Math.abs(base), absolute);
}
