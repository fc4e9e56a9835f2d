import { FIELD_METRICS } from '../field-metrics.js';
import type { FieldMetricName } from '../field/wire.js';
import type { FieldTarget, MetricPair } from '../types.js';
import { codeSpan } from './escape.js';
import { OTHER_TARGET as OTHER } from '../field/target-deltas.js';
import { formatValue } from './format.js';

/** What each metric's attribution target is, in words (rules as data). */
const TARGET_WORDS: Readonly<Partial<Record<FieldMetricName, string>>> = {
  LCP: 'LCP element',
  INP: 'INP interaction target',
  CLS: 'CLS largest shift',
};

/** The most targets one line names. */
const MOST_TARGETS = 3;

const percent = (share: number): string => `${Math.round(share * 100)} %`;

/** A metric's causes as fieldCauseLines reads them (MetricPair and the dashboard's metrics both have them). */
export type FieldCauses = Pick<MetricPair, 'metric' | 'targets' | 'labElement'>;

function targetText(metric: FieldMetricName, t: FieldTarget, first: boolean, code: (text: string) => string): string {
  const unit = FIELD_METRICS[metric].unit;
  const phases = t.phases
    ? `: input delay ${formatValue(t.phases.inputDelay, 'ms')}, processing ${formatValue(t.phases.processingDuration, 'ms')}, presentation ${formatValue(t.phases.presentationDelay, 'ms')}`
    : '';
  return `${code(t.target)} in ${percent(t.share)}${first ? ' of page views' : ''} (p75 ${formatValue(t.p75, unit)}${phases})`;
}

/**
 * A page's field causes as lines: per metric with targets, the most common ones with their share of
 * the samples that named one and their own p75 (INP's mean phases too); for LCP, whether the lab's
 * LCP element is the one most users get. Selectors go through `code` (a markdown code span by
 * default; the dashboard's HTML gives its own); the other words need no escaping in either.
 */
export function fieldCauseLines(metrics: readonly FieldCauses[], code: (text: string) => string = codeSpan): string[] {
  const lines: string[] = [];
  for (const m of metrics) {
    const words = TARGET_WORDS[m.metric];
    if (!words || !m.targets?.length) continue;
    const named = m.targets.slice(0, MOST_TARGETS).map((t, i) => targetText(m.metric, t, i === 0, code));
    const rest = m.targets.length > MOST_TARGETS ? `, ${m.targets.length - MOST_TARGETS} more` : '';
    lines.push(`${words}: ${named.join(', ')}${rest}${labElementNote(m.labElement, m.targets[0]!, code)}`);
  }
  return lines;
}

/** Whether the lab measured the element most users get as their LCP. */
function labElementNote(lab: MetricPair['labElement'], top: FieldTarget, code: (text: string) => string): string {
  if (!lab) return '';
  if (lab.fieldShare >= top.share) return `. The lab measures the same element (${code(lab.selector)}).`;
  // Names of the app's own the lab cannot check may hide the lab's element: no warning unless the checked ones show another wins.
  const unchecked = lab.uncheckedShare ?? 0;
  if (lab.fieldShare + unchecked >= top.share) {
    return `. The lab measures ${code(lab.selector)}, which cannot be compared with the element of ${percent(unchecked)} of page views (named by an ancestor's attribute or by names of your own, or ${code(OTHER)}).`;
  }
  const seen = lab.fieldShare > 0 ? `users’ in ${percent(lab.fieldShare)} of page views` : 'not among users’ most common';
  return `. ⚠ The lab measures another LCP element than most users get: ${code(lab.selector)}, ${seen}.`;
}
