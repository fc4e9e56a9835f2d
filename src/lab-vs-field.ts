import { judge } from './budgets/judge.js';
import { FIELD_METRIC_NAMES, FIELD_METRICS } from './field-metrics.js';
import type { FieldMetricName } from './field/wire.js';
import type { SummaryRow, TargetRow } from './field/summary.js';
import { type ElementMatch, elementMatch, type LabElementRef } from './same-element.js';
import { flowInteractions, labTwin } from './lab-twin.js';
import type { Results } from './results.js';
import type { FieldTarget, LabVsField, Limits, MetricPair, PageLabVsField, Rating, Status, Unit, Verdict } from './types.js';

/** Core Web Vitals thresholds (p75) from web-vitals, via the field-metric table: good up to the first, poor above the second. */
export const CWV_THRESHOLDS: Record<FieldMetricName, { good: number; poor: number; unit: Unit }> = Object.fromEntries(
  FIELD_METRIC_NAMES.map((name) => [name, { good: FIELD_METRICS[name].good, poor: FIELD_METRICS[name].poor, unit: FIELD_METRICS[name].unit }]),
) as Record<FieldMetricName, { good: number; poor: number; unit: Unit }>;

export function rating(metric: FieldMetricName, p75: number): Rating {
  const t = FIELD_METRICS[metric];
  return p75 <= t.good ? 'good' : p75 <= t.poor ? 'needs-improvement' : 'poor';
}

/**
 * Lab versus field per page: the lab median next to the field p75 (all devices), their ratio, the
 * field rating by Core Web Vitals thresholds, and a warning where the field breaks a budget the lab
 * passes. Pages with fewer samples than `minSamples` are marked as not having enough field data.
 * A user flow's steps are not pages of the field: a step's INP is the lab's INP of the page it ran on.
 * With the attribution build's `targets` (the collector's /api/targets), each metric also gets the
 * field's most common causes, and LCP the lab's element beside them.
 */
export function compareLabField(results: Results, field: readonly SummaryRow[], minSamples: number, targets: readonly TargetRow[] = []): LabVsField {
  const interactions = flowInteractions(results.pages);
  // A user flow's steps are no pages of the field: their INP stands beside the page they interacted on.
  const pages = results.pages
    .filter((page) => !page.flow)
    .map((page): PageLabVsField => {
      const rows = field.filter((r) => r.page === page.name && r.device === 'all');
      const samples = Math.max(0, ...rows.map((r) => r.count));
      const enough = samples >= minSamples;
      const metrics = FIELD_METRIC_NAMES.map((metric): MetricPair => {
        const twin = labTwin(page, metric, interactions);
        const comparable = twin?.comparable ?? false;
        const row = rows.find((r) => r.metric === metric);
        const lab = twin ? { id: twin.id, median: twin.median, ...(twin.step ? { step: twin.step } : {}) } : null;
        const fieldValue = row && enough ? { p75: row.p75, count: row.count } : null;
        const budget = twin ? results.budgets.find((b) => b.page === (twin.step ?? page.name) && b.id === twin.id) : undefined;
        let warning: string | null = null;
        if (fieldValue && budget && comparable && (budget.status === 'pass' || budget.status === 'warn')) {
          const fieldStatus = judge(fieldValue.p75, { warn: budget.warn, error: budget.error }, '<=');
          if (fieldStatus === 'fail') warning = 'field p75 breaks the error budget that the lab passes';
          else if (fieldStatus === 'warn' && budget.status === 'pass') warning = 'field p75 crosses the warn budget that the lab passes';
        }
        return {
          metric,
          lab,
          field: fieldValue,
          ratio: lab && fieldValue && comparable && lab.median !== 0 ? fieldValue.p75 / lab.median : null,
          rating: fieldValue ? rating(metric, fieldValue.p75) : null,
          warning,
          ...(enough
            ? fieldCauses(
                targets.filter((t) => t.page === page.name && t.metric === metric),
                metric === 'LCP' ? page.clues?.lcpElement : undefined,
              )
            : {}),
        };
      });
      return { page: page.name, samples, enough, metrics };
    });
  return { minSamples, pages };
}

/** A metric's field targets, most first, and for LCP the lab's element with the field share of the same element. */
export function fieldCauses(rows: readonly TargetRow[], labElement: LabElementRef | null | undefined): Pick<MetricPair, 'targets' | 'labElement'> {
  if (rows.length === 0) return {};
  const targets = [...rows]
    .sort((a, b) => b.count - a.count || (a.target < b.target ? -1 : 1))
    .map(({ target, count, share, p75, phases }): FieldTarget => ({ target, count, share, p75, phases }));
  if (!labElement) return { targets };
  const shareOf = (match: ElementMatch) => targets.filter((t) => elementMatch(labElement, t.target) === match).reduce((sum, t) => sum + t.share, 0);
  const uncheckedShare = shareOf('unknown');
  return { targets, labElement: { selector: labElement.selector, fieldShare: shareOf('same'), ...(uncheckedShare > 0 ? { uncheckedShare } : {}) } };
}

/** Field budgets (p75 per metric, every page) as verdicts; a page without enough samples is not measured. */
export function fieldVerdicts(comparison: LabVsField, budgets: Partial<Record<FieldMetricName, Limits>>): Verdict[] {
  return comparison.pages.flatMap((page) =>
    (Object.entries(budgets) as Array<[FieldMetricName, Limits]>).map((entry): Verdict => {
      const [metric, limits] = entry;
      const pair = page.metrics.find((m) => m.metric === metric);
      const p75 = pair?.field?.p75 ?? null;
      const status: Status = judge(p75, limits, '<=');
      return {
        page: page.page,
        kind: 'field',
        id: `field:${metric}`,
        label: `${metric} p75 (field)`,
        unit: FIELD_METRICS[metric].unit,
        operator: '<=',
        warn: limits.warn,
        error: limits.error,
        actual: p75,
        values: p75 === null ? [] : [p75],
        status,
        ...(p75 === null
          ? { message: page.enough ? `no ${metric} samples` : `not enough field data (n=${page.samples}, needs ${comparison.minSamples})` }
          : {}),
      };
    }),
  );
}
