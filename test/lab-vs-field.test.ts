import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareLabField, fieldCauses, fieldVerdicts, rating } from '../src/lab-vs-field.js';
import { fieldCauseLines } from '../src/report/field-cause-lines.js';
import { createCollector, type CollectorHandler } from '../src/field/handler.js';
import type { CollectorRequest } from '../src/field/exchange.js';
import { serveCollector } from '../src/field/node-server.js';
import { openSqliteStore } from '../src/field/sqlite-store.js';
import type { StoredSample, TargetRow } from '../src/field/store.js';
import { bucketEdges, bucketOf } from '../src/field/histogram.js';
import { quantile } from '../src/stats.js';
import { runMain, tempDir, writeJson } from './helpers.js';
import { readResults } from './results-schema.js';
import { CASES, fieldRow } from './report/cases.js';
import { beacon, CHROME_UA, metric } from './field/beacons.js';

const row = fieldRow;

describe('compareLabField', () => {
  const results = CASES['no-base']!();
  const comparison = compareLabField(
    results,
    [
      row('home', 'LCP', 4500),
      row('home', 'CLS', 0.05),
      row('home', 'INP', 180),
      row('home', 'FCP', 1000),
      row('home', 'TTFB', 900),
      row('checkout', 'LCP', 2000, 12),
    ],
    50,
  );

  it('puts the lab median next to the field p75, with the ratio and the Core Web Vitals rating', () => {
    const home = comparison.pages.find((p) => p.page === 'home')!;
    const lcp = home.metrics.find((m) => m.metric === 'LCP')!;
    expect(lcp.lab).toEqual({ id: 'largest-contentful-paint', median: 1220 });
    expect(lcp.field).toEqual({ p75: 4500, count: 100 });
    expect(lcp.ratio).toBeCloseTo(4500 / 1220, 10);
    expect(lcp.rating).toBe('poor');
    expect(lcp.warning).toBe('field p75 breaks the error budget that the lab passes');
    const inp = home.metrics.find((m) => m.metric === 'INP')!;
    expect(inp.lab?.id).toBe('total-blocking-time');
    expect(inp.ratio).toBeNull();
    expect(inp.rating).toBe('good');
    expect(home.metrics.find((m) => m.metric === 'TTFB')).toMatchObject({ lab: null, rating: 'needs-improvement' });
    expect(home.metrics.find((m) => m.metric === 'CLS')?.warning).toBeNull();
  });

  it('says when a page has too few samples', () => {
    const checkout = comparison.pages.find((p) => p.page === 'checkout')!;
    expect(checkout).toMatchObject({ samples: 12, enough: false });
    expect(checkout.metrics.every((m) => m.field === null)).toBe(true);
  });

  it('judges field budgets on p75, and reports missing data as not measured', () => {
    const verdicts = fieldVerdicts(comparison, { LCP: { warn: 2500, error: 4000 }, INP: { warn: 200, error: 500 } });
    expect(verdicts.map((v) => [v.page, v.id, v.status])).toEqual([
      ['home', 'field:LCP', 'fail'],
      ['home', 'field:INP', 'pass'],
      ['checkout', 'field:LCP', 'error'],
      ['checkout', 'field:INP', 'error'],
    ]);
    expect(verdicts[2]?.message).toBe('not enough field data (n=12, needs 50)');
  });

  it('adds the field’s targets most first, and for LCP the field share of the lab’s element; none for a page short of samples', () => {
    const target = (page: string, metric: TargetRow['metric'], target: string, count: number): TargetRow => ({
      page,
      metric,
      target,
      count,
      share: count / 10,
      p75: 1000,
      phases: null,
    });
    const withTargets = compareLabField(results, [row('home', 'LCP', 4500), row('home', 'INP', 180), row('checkout', 'LCP', 2000, 12)], 50, [
      target('home', 'LCP', 'html>body>main>p.lead.intro', 2),
      target('home', 'LCP', 'html>body>main>img.hero', 7),
      target('home', 'LCP', 'main>p.lead', 1),
      target('home', 'INP', 'button#buy', 10),
      target('checkout', 'LCP', 'main>p.lead', 12),
    ]);
    const [home, checkout] = withTargets.pages;
    const lcp = home!.metrics.find((m) => m.metric === 'LCP')!;
    expect(lcp.targets?.map((t) => t.target)).toEqual(['html>body>main>img.hero', 'html>body>main>p.lead.intro', 'main>p.lead']);
    // Two of web-vitals' selectors name the lab's paragraph (`main > p.lead`): their shares add up.
    expect(lcp.labElement?.selector).toBe('main > p.lead');
    expect(lcp.labElement?.fieldShare).toBeCloseTo(0.3, 12);
    const inp = home!.metrics.find((m) => m.metric === 'INP')!;
    expect(inp.targets?.[0]?.target).toBe('button#buy');
    expect(inp.labElement).toBeUndefined();
    expect(home!.metrics.find((m) => m.metric === 'CLS')?.targets).toBeUndefined();
    expect(checkout!.metrics.find((m) => m.metric === 'LCP')?.targets).toBeUndefined();
  });

  it('warns of another LCP element only when the targets the lab can check show it; names by attribute are checked in Lighthouse’s snippet', () => {
    const named = (target: string, count: number): TargetRow => ({ page: 'home', metric: 'LCP', target, count, share: count / 10, p75: 2000, phases: null });
    const lead = { selector: 'main > p.lead', snippet: '<p class="lead">' };
    // An ancestor's attribute and `(other)` hide which element it is: the lab's element is said, with no warning.
    const cardImage = { selector: 'main > div.card > img', snippet: '<img src="/card.jpg">' };
    const hidden = fieldCauses([named('[data-perf="card"] img', 6), named('html>body>main>p.lead', 3), named('(other)', 1)], cardImage);
    expect(hidden.labElement?.fieldShare).toBe(0);
    expect(hidden.labElement?.uncheckedShare).toBeCloseTo(0.7, 12);
    const [hiddenLine] = fieldCauseLines([{ metric: 'LCP', ...hidden }]);
    expect(hiddenLine).toContain('The lab measures `main > div.card > img`, which cannot be compared with the element of 70 % of page views');
    expect(hiddenLine).not.toContain('⚠');
    // Inside a named card, but the lab measures a paragraph: another element.
    expect(fieldCauses([named('[data-perf="card"] img', 6), named('html>body>main>p.lead', 4)], lead).labElement).toEqual({
      selector: 'main > p.lead',
      fieldShare: 0.4,
    });
    // The element's own attribute names an image; the lab measures a paragraph: another element.
    const other = fieldCauses([named('img[data-perf="hero"]', 7), named('html>body>main>p.lead', 3)], lead);
    expect(other.labElement).toEqual({ selector: 'main > p.lead', fieldShare: 0.3 });
    expect(fieldCauseLines([{ metric: 'LCP', ...other }])[0]).toContain('⚠ The lab measures another LCP element than most users get');
    const hero = { selector: 'main > img.hero', snippet: '<img class="hero" data-perf="hero" src="/hero.jpg">' };
    const same = fieldCauses([named('img[data-perf="hero"]', 7), named('html>body>main>p.lead', 3)], hero);
    expect(same.labElement).toEqual({ selector: 'main > img.hero', fieldShare: 0.7 });
    expect(fieldCauseLines([{ metric: 'LCP', ...same }])[0]).toContain('The lab measures the same element (`main > img.hero`)');
  });

  it.each([
    ['LCP', 2500, 'good'],
    ['LCP', 2501, 'needs-improvement'],
    ['LCP', 4001, 'poor'],
    ['INP', 200, 'good'],
    ['CLS', 0.25, 'needs-improvement'],
    ['CLS', 0.26, 'poor'],
  ] as const)('%s p75 %d is %s', (name, value, expected) => {
    expect(rating(name, value)).toBe(expected);
  });
});

/** The histogram's p75 lies within one bucket width (5 %) of the exact one for these evenly spread values. */
const expectWithinBucket = (actual: number, exact: number) => {
  const [lower, upper] = bucketEdges('LCP', bucketOf('LCP', exact));
  expect(Math.abs(actual - exact)).toBeLessThanOrEqual(upper - lower);
};

describe('perfgate compare', () => {
  const lcpValues = Array.from({ length: 60 }, (_, i) => 3000 + i * 40);

  it('reads the SQLite file, adds field data and field budgets to results.json, and fails a broken field budget', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'field.db');
    const store = openSqliteStore(db);
    const sampleOf = (page: string, value: number, i: number): StoredSample => ({
      metricId: `v5-${page}-${i}`,
      name: 'LCP',
      value,
      delta: value,
      rating: 'poor',
      navigationType: 'navigate',
      page,
      release: null,
      device: 'mobile',
      browser: 'Chrome',
      connection: null,
      receivedAt: Date.now(),
    });
    const samples = [...lcpValues.map((value, i) => sampleOf('home', value, i)), ...lcpValues.map((value, i) => sampleOf('checkout', value / 3, i))];
    await store.insert(samples);
    await store.close();
    const results = writeJson(dir, 'results.json', CASES['no-base']!());
    const budgets = writeJson(dir, 'budgets.json', { field: { LCP: { warn: 2500, error: 4000 } } });
    const result = await runMain(['compare', '--results', results, '--db', db, '--budgets', budgets]);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toContain('### Field (real users, p75) versus lab (median)');
    expect(result.stdout).toContain('field p75 breaks the error budget that the lab passes');
    const updated = readResults(dir);
    const lcp = updated.budgets.find((b: { id: string; page: string }) => b.id === 'field:LCP' && b.page === 'home');
    expectWithinBucket(lcp.actual, quantile(lcpValues, 0.75));
    expect(lcp.status).toBe('fail');
    expect(updated.field.pages[0].metrics[0].field.count).toBe(60);
  });

  it('exits 3 when a page has too little field data for its field budgets', async () => {
    const dir = tempDir();
    const store = openSqliteStore(path.join(dir, 'field.db'));
    await store.close();
    const results = writeJson(dir, 'results.json', CASES['no-base']!());
    const budgets = writeJson(dir, 'budgets.json', { field: { LCP: { warn: 2500, error: 4000 } } });
    const result = await runMain(['compare', '--results', results, '--db', path.join(dir, 'field.db'), '--budgets', budgets]);
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('not enough field data (n=0)');
  });

  it('reads a running collector behind its read token', async () => {
    const dir = tempDir();
    const store = openSqliteStore(path.join(dir, 'field.db'));
    const server = await serveCollector(createCollector({ store, rateLimit: 0, readToken: 'r3ad', allowOrigins: ['*'] }), { port: 0, host: '127.0.0.1' });
    try {
      // The attribution build names the LCP element: the hero image in two views of three, the lab's paragraph in the third.
      for (const [i, value] of lcpValues.entries()) {
        const target = i % 3 === 2 ? 'html>body>main>p.lead' : 'html>body>main>img.hero';
        const response = await fetch(`${server.url}/rum`, {
          method: 'POST',
          body: JSON.stringify(beacon([metric({ value, delta: value, page: 'home', attribution: { target } })])),
          headers: { 'content-type': 'text/plain', 'user-agent': CHROME_UA, origin: 'https://shop.example.com' },
        });
        expect(response.status).toBe(202);
      }
      const results = writeJson(dir, 'results.json', CASES['no-base']!());
      const denied = await runMain(['compare', '--results', results, '--collector', server.url, '--format', 'json']);
      expect(denied.code).toBe(2);
      expect(denied.stderr).toContain('needs a read token');
      const result = await runMain(['compare', '--results', results, '--collector', server.url, '--format', 'json'], { env: { PERFGATE_READ_TOKEN: 'r3ad' } });
      expect(result.code, result.stderr).toBe(0);
      const field = JSON.parse(result.stdout);
      expectWithinBucket(field.pages[0].metrics[0].field.p75, quantile(lcpValues, 0.75));
      const lcp = field.pages[0].metrics[0];
      expect(lcp.targets.map((t: { target: string; count: number }) => [t.target, t.count])).toEqual([
        ['html>body>main>img.hero', 40],
        ['html>body>main>p.lead', 20],
      ]);
      expect(lcp.labElement.selector).toBe('main > p.lead');
      expect(lcp.labElement.fieldShare).toBeCloseTo(1 / 3, 9);
      const review = await runMain(['compare', '--results', results, '--collector', server.url], { env: { PERFGATE_READ_TOKEN: 'r3ad' } });
      expect(review.stdout).toContain('- LCP element: `html>body>main>img.hero` in 67 % of page views');
      expect(review.stdout).toContain('⚠ The lab measures another LCP element than most users get: `main > p.lead`, users’ in 33 % of page views.');
    } finally {
      await server.close();
      await store.close();
    }
  });

  it('reads a collector older than /api/targets (404 there) as one without attribution', async () => {
    const dir = tempDir();
    const store = openSqliteStore(path.join(dir, 'field.db'));
    const collector = createCollector({ store, rateLimit: 0, allowOrigins: ['*'] });
    const { exchange } = collector;
    const older: CollectorHandler = Object.assign(collector, {
      exchange: (request: CollectorRequest) =>
        request.url.pathname === '/api/targets'
          ? Promise.resolve({ status: 404, headers: { 'content-type': 'application/json' }, body: '{"error":"not found"}' })
          : exchange(request),
    });
    const server = await serveCollector(older, { port: 0, host: '127.0.0.1' });
    try {
      for (const value of lcpValues) {
        const sent = beacon([metric({ value, delta: value, page: 'home', attribution: { target: 'html>body>main>img.hero' } })]);
        const headers = { 'content-type': 'text/plain', 'user-agent': CHROME_UA, origin: 'https://shop.example.com' };
        expect((await fetch(`${server.url}/rum`, { method: 'POST', body: JSON.stringify(sent), headers })).status).toBe(202);
      }
      const results = writeJson(dir, 'results.json', CASES['no-base']!());
      const result = await runMain(['compare', '--results', results, '--collector', server.url, '--format', 'json']);
      expect(result.code, result.stderr).toBe(0);
      const lcp = JSON.parse(result.stdout).pages[0].metrics[0];
      expect(lcp.field.count).toBe(lcpValues.length);
      expect(lcp.targets).toBeUndefined();
    } finally {
      await server.close();
      await store.close();
    }
  });

  it.each([
    [['--collector', 'not a url'], '--collector not a url: not an http(s) URL'],
    [['--database-url', 'mysql://x'], '--database-url / DATABASE_URL: not a PostgreSQL URL'],
  ])('exits 2 without a stack trace for %j', async (args, message) => {
    const dir = tempDir();
    const result = await runMain(['compare', '--results', writeJson(dir, 'results.json', CASES.pass!()), ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 without a field source', async () => {
    const dir = tempDir();
    const result = await runMain(['compare', '--results', writeJson(dir, 'results.json', CASES.pass!())], { env: { DATABASE_URL: '' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('needs field data');
  });
});
