import type { ComparedId, ComparisonSettings } from '../types.js';
import { comparedQuantity } from './compared-metrics.js';

/** The smallest change that counts: a fraction of the base median, and at least an absolute amount. */
export function minimumEffect(id: ComparedId, base: number, settings: ComparisonSettings): number {
  const absolute = comparedQuantity(id).unit === 'unitless' ? settings.minCls : settings.minMs;
  return Math.max(settings.minRelative * Math.abs(base), absolute);
}

/** The confidence of the interval that calls a metric unchanged: 1 - 2·alpha, as in two one-sided tests at alpha. */
export const equivalenceConfidence = (settings: Pick<ComparisonSettings, 'alpha'>) => 1 - 2 * settings.alpha;
