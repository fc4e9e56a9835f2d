import { flowInteractions, labTwin } from './lab-twin.js';
import { fieldCauses, rating } from './lab-vs-field.js';
import type { Rating } from './types.js';
import { FIELD_METRIC_NAMES } from './field-metrics.js';
import { bucketEdges } from './field/histogram.js';
import type { FieldAggregates } from './field/summary.js';
import type { FieldMetricName } from './field/wire.js';
import type { Results } from './results.js';
import type { FieldTarget, Limits, MetricPair } from './types.js';

/** One bar of a field distribution: samples between two values. */
export interface DistributionBar {
  lower: number;
  upper: number;
  count: number;
}

export interface DashboardMetric {
  metric: FieldMetricName;
  count: number;
  /** From the histogram: within one bucket (5 %) of the exact p75. */
  p75: number | null;
  rating: Rating | null;
  /** The distribution over the window, as the database's histogram buckets. */
  distribution: DistributionBar[];
  /** p75 per UTC day. */
  daily: Array<{ day: string; value: number; count: number }>;
  /** Latest lab median of the twin metric (for INP a user flow's step on the page, else TBT), or null. */
  lab: number | null;
  /** The user flow's step whose INP `lab` is (see labTwin). */
  labStep?: string;
  /** The budget: the field budget when there is one, else the page's lab budget of the twin metric. */
  budget: Limits | null;
  /** With the attribution build: the field's most common targets, and for LCP the lab's element beside them (see MetricPair). */
  targets?: FieldTarget[];
  labElement?: MetricPair['labElement'];
}

export interface DashboardPage {
  page: string;
  samples: number;
  metrics: DashboardMetric[];
}

/** Everything the dashboard shows; renderDashboard turns it into HTML. */
export interface DashboardData {
  title: string;
  generatedAt: string;
  windowDays: number;
  /** First UTC day of the window (YYYY-MM-DD); it runs to generatedAt. */
  fromDay: string;
  labCreatedAt: string | null;
  /** Pages with field samples in the window, shown or not. */
  totalPages: number;
  /** Pages with samples left out because only the top ones by traffic are shown. */
  hiddenPages: number;
  pages: DashboardPage[];
}

/** A histogram's buckets as bars in the metric's units. */
function distribution(metric: FieldMetricName, histogram: { buckets: number[]; counts: number[] } | undefined): DistributionBar[] {
  if (!histogram) return [];
  return histogram.buckets.map((bucket, i) => {
    const [lower, upper] = bucketEdges(metric, bucket);
    return { lower, upper, count: histogram.counts[i] ?? 0 };
  });
}

/**
 * Builds the dashboard from the database's aggregates (the top pages by traffic, their summaries,
 * histograms, daily p75 and attribution targets) and, optionally, the latest lab results. Pure; its cost depends on the
 * number of pages shown, never on the number of samples.
 */
export function buildDashboard(field: FieldAggregates, results: Results | null, options: { title: string; windowDays: number; now: number }): DashboardData {
  const samples = new Map(field.pages.map((p) => [p.page, p.samples]));
  // The rows grouped by page and metric once: every lookup below is a Map read, linear in the rows in all.
  const key = (page: string, metric: string) => `${page}\u0000${metric}`;
  const group = <T extends { page: string; metric: string }>(rows: readonly T[]) => {
    const out = new Map<string, T[]>();
    for (const row of rows) {
      const list = out.get(key(row.page, row.metric));
      if (list) list.push(row);
      else out.set(key(row.page, row.metric), [row]);
    }
    return out;
  };
  const summaries = new Map(field.summary.filter((r) => r.device === 'all').map((r) => [key(r.page, r.metric), r]));
  const histograms = new Map(field.histograms.map((h) => [key(h.page, h.metric), h]));
  const daily = group(field.daily);
  const targets = group(field.targets ?? []);
  const budgets = new Map((results?.budgets ?? []).map((b) => [key(b.page, b.id), b]));
  // A user flow's steps are no pages of the field: a step's INP is the lab's INP of the page it ran on.
  const labPages = new Map((results?.pages ?? []).filter((p) => !p.flow).map((p) => [p.name, p]));
  const interactions = flowInteractions(results?.pages ?? []);
  const names = [...field.pages.map((p) => p.page), ...[...labPages.keys()].filter((name) => !samples.has(name))];
  const pages = names.map((page): DashboardPage => {
    const lab = labPages.get(page);
    const metrics = FIELD_METRIC_NAMES.map((metric): DashboardMetric => {
      const row = summaries.get(key(page, metric));
      const twin = lab ? labTwin(lab, metric, interactions) : null;
      const fieldBudget = budgets.get(key(page, `field:${metric}`));
      const labBudget = twin?.comparable ? budgets.get(key(twin.step ?? page, twin.id)) : undefined;
      const budget = fieldBudget ?? labBudget;
      const p75 = row ? row.p75 : null;
      return {
        metric,
        count: row?.count ?? 0,
        p75,
        rating: p75 === null ? null : rating(metric, p75),
        distribution: distribution(metric, histograms.get(key(page, metric))),
        daily: (daily.get(key(page, metric)) ?? []).map((d) => ({ day: d.day, value: d.p75, count: d.count })),
        lab: twin?.median ?? null,
        ...(twin?.step ? { labStep: twin.step } : {}),
        budget: budget ? { warn: budget.warn, error: budget.error } : null,
        ...fieldCauses(targets.get(key(page, metric)) ?? [], metric === 'LCP' ? lab?.clues?.lcpElement : undefined),
      };
    });
    return { page, samples: samples.get(page) ?? 0, metrics };
  });
  return {
    title: options.title,
    generatedAt: new Date(options.now).toISOString(),
    windowDays: options.windowDays,
    fromDay: field.fromDay,
    labCreatedAt: results?.createdAt ?? null,
    totalPages: field.totalPages,
    hiddenPages: Math.max(0, field.totalPages - field.pages.length),
    pages,
  };
}
