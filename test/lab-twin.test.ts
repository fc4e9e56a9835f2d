import { describe, expect, it } from 'vitest';
import { buildDashboard } from '../src/dashboard.js';
import { flowInteractions, labTwin } from '../src/lab-twin.js';
import { compareLabField, fieldVerdicts } from '../src/lab-vs-field.js';
import { renderDashboard } from '../src/report/dashboard.js';
import { renderMarkdown } from '../src/report/markdown.js';
import type { PageResult, Results } from '../src/results.js';
import type { Verdict } from '../src/types.js';
import { CASES, fieldRow } from './report/cases.js';

const aggregate = (median: number) => ({ median, min: median, max: median, spread: 0, values: [median, median, median] });

/** A user flow's step on `url` that measured INP `inp`. */
const step = (home: PageResult, name: string, url: string, inp: number | null): PageResult => ({
  ...home,
  name: `shop › ${name}`,
  url,
  metrics: inp === null ? { 'total-blocking-time': aggregate(90) } : { 'interaction-to-next-paint': aggregate(inp), 'total-blocking-time': aggregate(90) },
  flow: { name: 'shop', step: name, mode: inp === null ? 'navigation' : 'timespan' },
});

/** The no-base case's pages, and the steps of a flow on its home page (query and fragment aside) and on another page. */
function withFlow(): Results {
  const results = CASES['no-base']!();
  const home = results.pages.find((p) => p.name === 'home')!;
  const url = new URL(home.url);
  results.pages.push(
    step(home, 'open', home.url, null),
    step(home, 'filter', `${url.origin}${url.pathname}?tag=kitchen#list`, 450),
    step(home, 'sort', home.url, 320),
    step(home, 'elsewhere', `${url.origin}/search/`, 900),
  );
  const inpBudget: Verdict = {
    page: 'shop › filter',
    kind: 'timing',
    id: 'interaction-to-next-paint',
    label: 'INP',
    unit: 'ms',
    operator: '<=',
    warn: 200,
    error: 500,
    actual: 450,
    values: [450, 450, 450],
    status: 'warn',
  };
  results.budgets.push(inpBudget);
  return results;
}

describe('labTwin', () => {
  const results = withFlow();
  const home = results.pages.find((p) => p.name === 'home')!;
  const interactions = flowInteractions(results.pages);

  it('takes a page’s INP from the slowest flow step that interacted on it (same origin and path), comparable with the field', () => {
    expect(labTwin(home, 'INP', interactions)).toEqual({ id: 'interaction-to-next-paint', median: 450, step: 'shop › filter', comparable: true });
  });

  it('falls back to TBT, which only stands in for INP, where no flow step interacted; other metrics are the page’s own', () => {
    const checkout = results.pages.find((p) => p.name === 'checkout')!;
    expect(labTwin(checkout, 'INP', interactions)).toMatchObject({ id: 'total-blocking-time', comparable: false });
    expect(labTwin(checkout, 'INP', interactions)?.step).toBeUndefined();
    expect(labTwin(home, 'LCP', interactions)).toEqual({
      id: 'largest-contentful-paint',
      median: home.metrics['largest-contentful-paint']!.median,
      comparable: true,
    });
    expect(labTwin(home, 'TTFB', interactions)).toBeNull();
  });
});

describe('lab versus field with user flows', () => {
  const results = withFlow();
  const comparison = compareLabField(results, [fieldRow('home', 'INP', 620), fieldRow('home', 'LCP', 1500), fieldRow('checkout', 'LCP', 1500)], 50);

  it('leaves the flows’ steps out (they are no pages of the field), and sets their INP beside the page they ran on', () => {
    expect(comparison.pages.map((p) => p.page)).toEqual(['home', 'checkout']);
    const inp = comparison.pages[0]!.metrics.find((m) => m.metric === 'INP')!;
    expect(inp.lab).toEqual({ id: 'interaction-to-next-paint', median: 450, step: 'shop › filter' });
    expect(inp.ratio).toBeCloseTo(620 / 450, 10);
    // The step's own INP budget: the lab warns, the field's p75 breaks it.
    expect(inp.warning).toBe('field p75 breaks the error budget that the lab passes');
  });

  it('asks field budgets of the pages only, so that a flow never makes them "not enough field data"', () => {
    const verdicts = fieldVerdicts(comparison, { INP: { warn: 200, error: 500 } });
    expect(verdicts.map((v) => [v.page, v.status])).toEqual([
      ['home', 'fail'],
      ['checkout', 'error'],
    ]);
  });

  it('says in the review which step the lab’s INP comes from', () => {
    const review = renderMarkdown({ ...results, field: comparison });
    expect(review).toContain('| home | INP | 450 ms (shop › filter) | 620 ms (n=100) | 1.38x |');
  });
});

describe('the dashboard with user flows', () => {
  const results = withFlow();
  const data = buildDashboard(
    {
      fromDay: '2026-11-03',
      totalPages: 1,
      pages: [{ page: 'home', samples: 120 }],
      summary: [{ page: 'home', metric: 'INP', device: 'all', count: 80, p50: 300, p75: 620, p95: 900 }],
      histograms: [],
      daily: [],
    },
    results,
    { title: 'T', windowDays: 28, now: Date.parse('2026-12-01T12:00:00Z') },
  );

  it('lists the pages, not the flows’ steps, and shows a page’s INP from its flow step with the step’s INP budget and the ratio', () => {
    expect(data.pages.map((p) => p.page)).toEqual(['home', 'checkout']);
    const inp = data.pages[0]!.metrics.find((m) => m.metric === 'INP')!;
    expect(inp).toMatchObject({ lab: 450, labStep: 'shop › filter', budget: { warn: 200, error: 500 } });
    const html = renderDashboard(data);
    expect(html).toContain('450 ms (shop › filter)');
    expect(html).toContain('1.38x');
  });
});
