import { comparableTwin, FIELD_METRICS } from './field-metrics.js';
import type { FieldMetricName } from './field/wire.js';
import type { PageResult } from './results.js';
import type { Aggregate, MetricId } from './types.js';

const INP_METRIC: MetricId = 'interaction-to-next-paint';

/** The lab's value beside a field metric of a page. */
export interface LabTwin {
  id: MetricId;
  median: number;
  /** The user flow's step whose INP this is, when one interacted on the page. */
  step?: string;
  /** Whether field and lab measure the same thing (a ratio and a budget warning make sense): not for INP's stand-in, TBT. */
  comparable: boolean;
}

/** The user flows' steps that measured INP, by the page they ran on (see flowInteractions). */
export type FlowInteractions = ReadonlyMap<string, { step: string; aggregate: Aggregate }>;

/** A page's origin and path: where a flow's step and a page meet (query and fragment aside); null for no URL. */
function pageKey(url: string): string | null {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return null;
  }
}

/** The flows' steps that measured INP, by the page they ran on; of several on one page the slowest, as INP is a page's slowest interaction. */
export function flowInteractions(pages: readonly PageResult[]): FlowInteractions {
  const found = new Map<string, { step: string; aggregate: Aggregate }>();
  for (const page of pages) {
    const aggregate = page.flow ? page.metrics[INP_METRIC] : undefined;
    const key = pageKey(page.url);
    if (!aggregate || key === null) continue;
    const seen = found.get(key);
    if (!seen || aggregate.median > seen.aggregate.median) found.set(key, { step: page.name, aggregate });
  }
  return found;
}

/**
 * The lab's twin of a field metric on a page: the page's median of it; for INP, a flow step's own
 * INP measured on that page (same origin and path) when there is one, else TBT, which only stands in.
 */
export function labTwin(page: PageResult, metric: FieldMetricName, interactions: FlowInteractions): LabTwin | null {
  const key = metric === 'INP' ? pageKey(page.url) : null;
  const measured = key === null ? undefined : interactions.get(key);
  if (measured) return { id: INP_METRIC, median: measured.aggregate.median, step: measured.step, comparable: true };
  const twin = FIELD_METRICS[metric].labTwin;
  const aggregate = twin ? page.metrics[twin] : undefined;
  return twin && aggregate ? { id: twin, median: aggregate.median, comparable: comparableTwin(metric) !== null } : null;
}
