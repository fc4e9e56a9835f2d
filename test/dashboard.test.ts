import { describe, expect, it } from 'vitest';
import { buildDashboard } from '../src/dashboard.js';
import { bucketEdges, bucketOf } from '../src/field/histogram.js';
import type { FieldAggregates } from '../src/field/summary.js';
import type { Verdict } from '../src/types.js';
import { CASES } from './report/cases.js';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const lcpBucket = bucketOf('LCP', 2000);
const field: FieldAggregates = {
  fromDay: '2026-11-03',
  totalPages: 3,
  pages: [
    { page: 'home', samples: 120 },
    { page: '/blog', samples: 40 },
  ],
  summary: [
    { page: 'home', metric: 'LCP', device: 'all', count: 120, p50: 1500, p75: 2000, p95: 3500 },
    { page: 'home', metric: 'INP', device: 'all', count: 80, p50: 100, p75: 260, p95: 600 },
    { page: '/blog', metric: 'CLS', device: 'all', count: 40, p50: 0, p75: 0.3, p95: 0.5 },
  ],
  histograms: [{ page: 'home', metric: 'LCP', buckets: [lcpBucket], counts: [120] }],
  daily: [{ page: 'home', metric: 'LCP', day: '2026-11-30', count: 60, p75: 2100 }],
};

describe('buildDashboard', () => {
  const lab = CASES['no-base']!();
  const data = buildDashboard(field, lab, { title: 'T', windowDays: 28, now: NOW });
  const metric = (page: string, name: string) => data.pages.find((p) => p.page === page)?.metrics.find((m) => m.metric === name);

  it('shows the top pages by traffic, then the lab pages without field data, and counts the pages left out', () => {
    expect(data.pages.map((p) => [p.page, p.samples])).toEqual([
      ['home', 120],
      ['/blog', 40],
      ['checkout', 0],
    ]);
    expect(data).toMatchObject({ totalPages: 3, hiddenPages: 1, fromDay: '2026-11-03', generatedAt: '2026-12-01T12:00:00.000Z', labCreatedAt: lab.createdAt });
  });

  it('gives each metric its p75, rating, distribution in the metric’s units and daily p75', () => {
    expect(metric('home', 'LCP')).toMatchObject({ count: 120, p75: 2000, rating: 'good', daily: [{ day: '2026-11-30', value: 2100, count: 60 }] });
    const [lower, upper] = bucketEdges('LCP', lcpBucket);
    expect(metric('home', 'LCP')?.distribution).toEqual([{ lower, upper, count: 120 }]);
    expect(metric('home', 'INP')).toMatchObject({ p75: 260, rating: 'needs-improvement' });
    expect(metric('/blog', 'CLS')).toMatchObject({ p75: 0.3, rating: 'poor' });
    expect(metric('/blog', 'LCP')).toMatchObject({ p75: null, rating: null, count: 0, distribution: [] });
  });

  it('puts the lab median of the twin beside each metric, TBT beside INP, and no lab budget on INP', () => {
    const home = lab.pages.find((p) => p.name === 'home')!;
    expect(metric('home', 'LCP')?.lab).toBe(home.metrics['largest-contentful-paint']?.median);
    expect(metric('home', 'INP')?.lab).toBe(home.metrics['total-blocking-time']?.median);
    expect(metric('home', 'TTFB')?.lab).toBeNull();
    expect(metric('home', 'LCP')?.budget).toEqual({ warn: 2500, error: 4000 });
    expect(metric('home', 'INP')?.budget).toBeNull();
  });

  it('prefers the field budget to the lab budget', () => {
    const fieldBudget: Verdict = {
      page: 'home',
      kind: 'field',
      id: 'field:LCP',
      label: 'LCP p75 (field)',
      unit: 'ms',
      operator: '<=',
      warn: 2000,
      error: 3000,
      actual: 2000,
      values: [2000],
      status: 'pass',
    };
    const withField = buildDashboard(field, { ...lab, budgets: [...lab.budgets, fieldBudget] }, { title: 'T', windowDays: 28, now: NOW });
    expect(withField.pages[0]?.metrics.find((m) => m.metric === 'LCP')?.budget).toEqual({ warn: 2000, error: 3000 });
  });

  it('works without lab results', () => {
    const alone = buildDashboard(field, null, { title: 'T', windowDays: 28, now: NOW });
    expect(alone.pages.map((p) => p.page)).toEqual(['home', '/blog']);
    expect(alone.labCreatedAt).toBeNull();
    expect(alone.pages[0]?.metrics.every((m) => m.lab === null && m.budget === null)).toBe(true);
  });
});
