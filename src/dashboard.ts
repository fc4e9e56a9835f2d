import { LAB_TWIN, rating, type Rating } from './compare.js';
import type { FieldMetricName } from './field/wire.js';
import type { Results } from './results.js';
import { quantile } from './stats.js';
import type { Limits } from './types.js';

/** A raw field sample, as the dashboard reads it. */
export interface SampleRow {
  page: string;
  name: FieldMetricName;
  value: number;
  receivedAt: number;
}

export interface DashboardMetric {
  metric: FieldMetricName;
  count: number;
  p75: number | null;
  rating: Rating | null;
  /** Every value in the window, for the distribution. */
  values: number[];
  /** p75 per UTC day. */
  daily: Array<{ day: string; value: number; count: number }>;
  /** Latest lab median of the twin metric (TBT for INP), or null. */
  lab: number | null;
  /** The budget: the field budget when there is one, else the page's lab budget of the twin metric. */
  budget: Limits | null;
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
  labCreatedAt: string | null;
  pages: DashboardPage[];
}

const ORDER: FieldMetricName[] = ['LCP', 'INP', 'CLS', 'FCP', 'TTFB'];

/** Builds the dashboard from field samples and (optionally) the latest lab results. Pure. */
export function buildDashboard(samples: readonly SampleRow[], results: Results | null, options: { title: string; windowDays: number; now: number }): DashboardData {
  const byPage = new Map<string, SampleRow[]>();
  for (const s of samples) byPage.set(s.page, [...(byPage.get(s.page) ?? []), s]);
  for (const page of results?.pages ?? []) if (!byPage.has(page.name)) byPage.set(page.name, []);
  const pages = [...byPage.entries()]
    .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))
    .map(([page, rows]): DashboardPage => {
      const lab = results?.pages.find((p) => p.name === page);
      const metrics = ORDER.map((metric): DashboardMetric => {
        const own = rows.filter((r) => r.name === metric);
        const values = own.map((r) => r.value);
        const days = new Map<string, number[]>();
        for (const r of own) {
          const day = new Date(r.receivedAt).toISOString().slice(0, 10);
          days.set(day, [...(days.get(day) ?? []), r.value]);
        }
        const twin = LAB_TWIN[metric];
        const fieldBudget = results?.budgets.find((b) => b.page === page && b.id === `field:${metric}`);
        const labBudget = twin && metric !== 'INP' ? results?.budgets.find((b) => b.page === page && b.id === twin) : undefined;
        const budget = fieldBudget ?? labBudget;
        const p75 = values.length ? quantile(values, 0.75) : null;
        return {
          metric,
          count: values.length,
          p75,
          rating: p75 === null ? null : rating(metric, p75),
          values,
          daily: [...days.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, v]) => ({ day, value: quantile(v, 0.75), count: v.length })),
          lab: twin ? (lab?.metrics[twin]?.median ?? null) : null,
          budget: budget ? { warn: budget.warn, error: budget.error } : null,
        };
      });
      return { page, samples: Math.max(0, ...metrics.map((m) => m.count)), metrics };
    });
  return { title: options.title, generatedAt: new Date(options.now).toISOString(), windowDays: options.windowDays, labCreatedAt: results?.createdAt ?? null, pages };
}

