import { FIELD_METRICS } from '../field-metrics.js';
import type { FieldMetricName } from '../field/wire.js';
import type { FieldTarget, PageLabVsField } from '../types.js';
import { codeSpan } from './escape.js';
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

function targetText(metric: FieldMetricName, t: FieldTarget, first: boolean): string {
  const unit = FIELD_METRICS[metric].unit;
  const phases = t.phases
    ? `: input delay ${formatValue(t.phases.inputDelay, 'ms')}, processing ${formatValue(t.phases.processingDuration, 'ms')}, presentation ${formatValue(t.phases.presentationDelay, 'ms')}`
    : '';
  return `${codeSpan(t.target)} in ${percent(t.share)}${first ? ' of page views' : ''} (p75 ${formatValue(t.p75, unit)}${phases})`;
}

/**
 * A page's field causes as markdown lines: per metric with targets, the most common ones with their
 * share of the samples that named one and their own p75 (INP's mean phases too); for LCP, whether
 * the lab's LCP element is the one most users get.
 */
export function fieldCauseLines(page: PageLabVsField): string[] {
  const lines: string[] = [];
  for (const m of page.metrics) {
    const words = TARGET_WORDS[m.metric];
    if (!words || !m.targets?.length) continue;
    const named = m.targets.slice(0, MOST_TARGETS).map((t, i) => targetText(m.metric, t, i === 0));
    const rest = m.targets.length > MOST_TARGETS ? `, ${m.targets.length - MOST_TARGETS} more` : '';
    lines.push(`${words}: ${named.join(', ')}${rest}${labElementNote(m.labElement, m.targets[0]!)}`);
  }
  return lines;
}

/** Whether the lab measured the element most users get as their LCP. */
function labElementNote(lab: { selector: string; fieldShare: number } | undefined, top: FieldTarget): string {
  if (!lab) return '';
  if (lab.fieldShare >= top.share) return `. The lab measures the same element (${codeSpan(lab.selector)}).`;
  const seen = lab.fieldShare > 0 ? `users’ in ${percent(lab.fieldShare)} of page views` : 'not among users’ most common';
  return `. ⚠ The lab measures another LCP element than most users get: ${codeSpan(lab.selector)}, ${seen}.`;
}
