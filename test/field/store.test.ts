import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bucketEdges, bucketOf, histogramQuantile } from '../../src/field/histogram.js';
import { MIGRATIONS } from '../../src/field/postgres-schema.js';
import { openPostgresStore } from '../../src/field/postgres-store.js';
import { openSqliteStore } from '../../src/field/sqlite-store.js';
import { OTHER_TARGET, TARGETS_PER_DAY } from '../../src/field/target-deltas.js';
import type { FieldStore, StoredSample, SummaryRow } from '../../src/field/store.js';
import { quantile } from '../../src/stats.js';
import { tempDir } from '../helpers.js';
import { startPostgres, type TestPostgres } from './postgres.js';
import { storedSample } from './stored-sample.js';
import { prng } from './prng.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-11-01T12:00:00Z');
const sample = (partial: Partial<StoredSample> = {}): StoredSample => storedSample(T0, partial);

/** The histogram's percentiles of values, as the stores must compute them in SQL. */
const fromHistogram = (values: number[], metric: StoredSample['name'] = 'LCP') => {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(bucketOf(metric, v), (counts.get(bucketOf(metric, v)) ?? 0) + 1);
  const buckets = [...counts].map(([bucket, count]) => ({ bucket, count }));
  return {
    count: values.length,
    p50: histogramQuantile(metric, buckets, 0.5),
    p75: histogramQuantile(metric, buckets, 0.75),
    p95: histogramQuantile(metric, buckets, 0.95),
  };
};
const expectRow = (row: SummaryRow | undefined, values: number[], metric: StoredSample['name'] = 'LCP') => {
  const e = fromHistogram(values, metric);
  expect(row?.count).toBe(e.count);
  for (const key of ['p50', 'p75', 'p95'] as const) expect(row?.[key]).toBeCloseTo(e[key], 6);
};

let postgres: TestPostgres;
beforeAll(async () => {
  postgres = await startPostgres();
}, 60_000);
afterAll(() => postgres?.stop());

let databases = 0;
const backends: Array<[string, () => Promise<FieldStore>]> = [
  ['SQLite', async () => openSqliteStore(path.join(tempDir(), 'field.db'))],
  ['PostgreSQL', async () => openPostgresStore(await postgres.createDatabase(`store_${++databases}`))],
];

describe.each(backends)('the %s store', (_, open) => {
  let store: FieldStore;
  beforeEach(async () => {
    store = await open();
    return () => store.close();
  });

  it('keeps every committed sample, and the last value of a repeated metric id, in its histogram too', async () => {
    const repeated = sample({ name: 'CLS', value: 0.01, delta: 0.01 });
    await store.insert([sample(), sample(), repeated]);
    await store.insert([{ ...repeated, value: 0.3, delta: 0.29 }]);
    expect(await store.count()).toBe(3);
    const [cls] = await store.summary({ metric: 'CLS', device: 'mobile' });
    expectRow(cls, [0.3], 'CLS');
  });

  it('commits a batch that holds the same id twice, keeping the later one', async () => {
    const a = sample({ value: 1 });
    await store.insert([a, { ...a, value: 2 }]);
    expectRow((await store.summary({}))[0], [2]);
  });

  it('group-commits many concurrent writers: every promise resolves after its sample is stored', async () => {
    const samples = Array.from({ length: 2000 }, (_, i) => sample({ value: i, page: `p${i % 10}` }));
    await Promise.all(samples.map((s) => store.insert([s])));
    expect(await store.count()).toBe(2000);
    const rows = await store.summary({ device: 'mobile' });
    expect(rows.reduce((sum, r) => sum + r.count, 0)).toBe(2000);
  });

  it('commits a batch whole or not at all: one bad sample among 1,500 stores nothing', async () => {
    const batch = Array.from({ length: 1500 }, (_, i) => sample({ value: i + 1 }));
    batch[1200] = { ...batch[1200]!, page: null as unknown as string };
    await expect(store.insert(batch)).rejects.toThrow();
    expect(await store.count()).toBe(0);
    expect(await store.summary({})).toEqual([]);
    await store.insert([sample()]);
    expect(await store.count()).toBe(1);
  });

  it('summarizes count and p50/p75/p95 per page, metric and device from the histograms the database sums', async () => {
    const mobile = [900, 1200, 1800, 2500, 3100, 4200, 800];
    const desktop = [600, 700];
    await store.insert([
      ...mobile.map((value) => sample({ value, page: 'checkout' })),
      ...desktop.map((value) => sample({ value, page: 'checkout', device: 'desktop' })),
      sample({ name: 'INP', value: 200, page: 'checkout' }),
    ]);
    const rows = await store.summary({ page: 'checkout', metric: 'LCP' });
    expect(rows.map((r) => r.device)).toEqual(['all', 'desktop', 'mobile']);
    expectRow(rows[0], [...mobile, ...desktop]);
    expectRow(rows[1], desktop);
    expectRow(rows[2], mobile);
    expect(await store.summary({ page: 'checkout', device: 'desktop' })).toHaveLength(1);
    const all = await store.summary({ pages: ['checkout', 'elsewhere'], device: 'all' });
    expect(all.map((r) => [r.metric, r.device])).toEqual([
      ['INP', 'all'],
      ['LCP', 'all'],
    ]);
    expectRow(all[1], [...mobile, ...desktop]);
  });

  it('reads a p75 within one bucket (5 %) of the exact p75 of 20,000 samples', async () => {
    const random = prng(3);
    const values = Array.from({ length: 20_000 }, () => 2000 * Math.exp(random() * 2 - 1));
    for (let i = 0; i < values.length; i += 5000) await store.insert(values.slice(i, i + 5000).map((value) => sample({ value })));
    const [row] = await store.summary({ device: 'mobile' });
    for (const [key, q] of [
      ['p50', 0.5],
      ['p75', 0.75],
      ['p95', 0.95],
    ] as const) {
      const exact = quantile(values, q);
      const [lower, upper] = bucketEdges('LCP', bucketOf('LCP', exact));
      expect(Math.abs(row![key] - exact)).toBeLessThanOrEqual(upper - lower);
    }
  });

  it('filters by whole UTC days, and deletes the days past the retention with their histograms', async () => {
    await store.insert([sample({ receivedAt: T0 - 100 * DAY }), sample({ receivedAt: T0 - 10 * DAY }), sample({ receivedAt: T0 })]);
    expect((await store.summary({ since: T0 - 20 * DAY, device: 'mobile' }))[0]?.count).toBe(2);
    expect((await store.summary({ since: T0 - 10 * DAY + 3600_000, device: 'mobile' }))[0]?.count).toBe(2);
    expect(await store.deleteOlderThan(T0 - 90 * DAY)).toBe(1);
    expect(await store.count()).toBe(2);
    expect((await store.summary({ device: 'mobile' }))[0]?.count).toBe(2);
  });

  it('gives the dashboard the top pages by samples, their histograms and daily p75, bounded by the page limit', async () => {
    const batch: StoredSample[] = [];
    for (let p = 0; p < 30; p++) for (let i = 0; i <= p; i++) batch.push(sample({ page: `/p${p}`, value: 1000 + i * 10, receivedAt: T0 - (i % 3) * DAY }));
    batch.push(sample({ page: '/p29', name: 'INP', value: 150 }));
    await store.insert(batch);
    const field = await store.aggregates({ since: T0 - 5 * DAY, pageLimit: 5, alwaysInclude: ['lab-only'] });
    expect(field.totalPages).toBe(30);
    expect(field.fromDay).toBe('2026-10-27');
    expect(field.pages.map((p) => p.page)).toEqual(['/p29', '/p28', '/p27', '/p26', '/p25']);
    expect(field.pages[0]?.samples).toBe(30);
    expect(new Set(field.summary.map((r) => r.page))).toEqual(new Set(['/p29', '/p28', '/p27', '/p26', '/p25']));
    const top = field.histograms.filter((h) => h.page === '/p29' && h.metric === 'LCP');
    const expected = new Map<number, number>();
    for (const s of batch.filter((s) => s.page === '/p29' && s.name === 'LCP'))
      expected.set(bucketOf('LCP', s.value), (expected.get(bucketOf('LCP', s.value)) ?? 0) + 1);
    expect(top).toHaveLength(1);
    expect(top[0]?.buckets).toEqual([...expected.keys()].sort((a, b) => a - b));
    expect(top[0]?.counts).toEqual(top[0]?.buckets.map((b) => expected.get(b)));
    expect(top[0]?.counts.reduce((sum, n) => sum + n, 0)).toBe(30);
    const days = field.daily.filter((d) => d.page === '/p29' && d.metric === 'LCP');
    expect(days.map((d) => [d.day, d.count])).toEqual([
      ['2026-10-30', 10],
      ['2026-10-31', 10],
      ['2026-11-01', 10],
    ]);
    const values = batch.filter((s) => s.page === '/p29' && s.name === 'LCP' && s.receivedAt === T0).map((s) => s.value);
    expect(days[2]?.p75).toBeCloseTo(fromHistogram(values).p75, 6);
  });

  it('keeps the p75 of ended days for the daily chart, reads the same values with it, and forgets a day a write changes', async () => {
    const first = Array.from({ length: 12 }, (_, i) => sample({ page: '/k', value: 800 + i * 150, receivedAt: T0 - (i % 3) * DAY }));
    await store.insert(first);
    const daily = async () => (await store.aggregates({ since: T0 - 5 * DAY, pageLimit: 5 })).daily.filter((d) => d.page === '/k' && d.metric === 'LCP');
    const live = await daily();
    expect(live.map((d) => d.count)).toEqual([4, 4, 4]);
    expect(await store.keepDailyP75()).toBe(3);
    const kept = await daily();
    expect(kept.map((d) => [d.day, d.count])).toEqual(live.map((d) => [d.day, d.count]));
    for (const [i, d] of kept.entries()) expect(d.p75).toBeCloseTo(live[i]!.p75, 6);
    expect(await store.keepDailyP75()).toBe(0);
    // A later report of one of T0's ids, and a new sample the day before: both days are computed again.
    const moved = first.find((s) => s.receivedAt === T0)!;
    await store.insert([{ ...moved, value: 9000 }, sample({ page: '/k', value: 5000, receivedAt: T0 - DAY })]);
    const values = (at: number) => [
      ...first.filter((s) => s.receivedAt === at && s !== moved).map((s) => s.value),
      ...(at === T0 ? [9000] : at === T0 - DAY ? [5000] : []),
    ];
    const changed = await daily();
    expect(changed.map((d) => d.count)).toEqual([4, 5, 4]);
    expect(changed[2]?.p75).toBeCloseTo(fromHistogram(values(T0)).p75, 6);
    expect(changed[1]?.p75).toBeCloseTo(fromHistogram(values(T0 - DAY)).p75, 6);
    expect(changed[0]?.p75).toBeCloseTo(fromHistogram(values(T0 - 2 * DAY)).p75, 6);
    expect(await store.keepDailyP75()).toBe(2);
    expect((await daily()).map((d) => d.p75)).toEqual(changed.map((d) => d.p75));
  });

  it('keeps the attribution targets: each one’s share, its own p75 and INP’s mean phases, per page and metric', async () => {
    const hero = [1800, 2400, 3100, 2900, 2600, 4000];
    const lead = [900, 1100];
    const phases = (inputDelay: number) => ({ inputDelay, processingDuration: 200, presentationDelay: 40 });
    await store.insert([
      ...hero.map((value) => sample({ value, target: 'main>img.hero' })),
      ...lead.map((value) => sample({ value, target: 'main>p.lead' })),
      sample({ value: 5000 }),
      sample({ page: 'cart', value: 700, target: 'main>img.hero' }),
      sample({ name: 'INP', value: 300, target: 'button#buy', phases: phases(60) }),
      sample({ name: 'INP', value: 260, target: 'button#buy', phases: phases(20) }),
      sample({ name: 'INP', value: 120, target: 'nav>a', phases: null }),
    ]);
    const rows = await store.targets({ since: T0 - DAY, pages: ['home'] });
    expect(rows.map((r) => [r.metric, r.target, r.count])).toEqual([
      ['INP', 'button#buy', 2],
      ['INP', 'nav>a', 1],
      ['LCP', 'main>img.hero', 6],
      ['LCP', 'main>p.lead', 2],
    ]);
    const heroRow = rows.find((r) => r.target === 'main>img.hero')!;
    // A sample without a target counts in the page's histogram, not among the targets' shares.
    expect(heroRow.share).toBeCloseTo(6 / 8, 9);
    expect(heroRow.p75).toBeCloseTo(fromHistogram(hero).p75, 6);
    expect(heroRow.phases).toBeNull();
    expect(rows.find((r) => r.target === 'button#buy')?.phases).toEqual({ inputDelay: 40, processingDuration: 200, presentationDelay: 40 });
    expect(rows.find((r) => r.target === 'nav>a')?.phases).toBeNull();
    expect((await store.targets({ since: T0 - DAY, metric: 'LCP', limit: 1 })).map((r) => [r.page, r.target, r.share])).toEqual([
      ['cart', 'main>img.hero', 1],
      ['home', 'main>img.hero', 6 / 8],
    ]);
  });

  it('moves a repeated metric id’s target with its value (a later LCP element replaces the earlier one)', async () => {
    const first = sample({ value: 1200, target: 'main>p.lead' });
    const inp = sample({ name: 'INP', value: 100, target: 'nav>a', phases: { inputDelay: 10, processingDuration: 50, presentationDelay: 40 } });
    await store.insert([first, inp, sample({ value: 1000, target: 'main>p.lead' })]);
    await store.insert([
      { ...first, value: 2600, target: 'main>img.hero' },
      { ...inp, value: 400, target: 'button#buy', phases: { inputDelay: 100, processingDuration: 250, presentationDelay: 50 } },
    ]);
    const rows = await store.targets({ since: T0 - DAY });
    expect(rows.map((r) => [r.metric, r.target, r.count, r.share])).toEqual([
      ['INP', 'button#buy', 1, 1],
      ['LCP', 'main>img.hero', 1, 0.5],
      ['LCP', 'main>p.lead', 1, 0.5],
    ]);
    expect(rows[0]?.phases).toEqual({ inputDelay: 100, processingDuration: 250, presentationDelay: 50 });
    expect(rows[1]?.p75).toBeCloseTo(fromHistogram([2600]).p75, 6);
  });

  it('keeps at most ten targets per page, metric and day: the rest count as (other), which the public cannot grow', async () => {
    const named = Array.from({ length: TARGETS_PER_DAY }, (_, i) => sample({ target: `#t${i}` }));
    await store.insert(named);
    await store.insert(Array.from({ length: 30 }, (_, i) => sample({ target: `#random-${i}` })));
    // A known target still counts under its own name, and the next day starts afresh.
    await store.insert([sample({ target: '#t3' }), sample({ target: '#random-0', receivedAt: T0 + DAY })]);
    const rows = await store.targets({ since: T0 - DAY, limit: 20 });
    expect(rows).toHaveLength(TARGETS_PER_DAY + 2);
    expect(rows[0]).toMatchObject({ target: OTHER_TARGET, count: 30 });
    expect(rows.find((r) => r.target === '#t3')?.count).toBe(2);
    expect(rows.find((r) => r.target === '#random-0')?.count).toBe(1);
    const today = await store.targets({ since: T0 - DAY, limit: 20 });
    expect(today.reduce((n, r) => n + r.count, 0)).toBe(TARGETS_PER_DAY + 30 + 2);
    // Retention deletes the targets' days with the samples.
    await store.deleteOlderThan(T0 + DAY);
    expect((await store.targets({ since: T0 - DAY })).map((r) => r.target)).toEqual(['#random-0']);
  });

  it('keeps the day before’s most counted targets under their own names when made-up selectors took the day’s new places first', async () => {
    // Day one: the page's real targets, the hero most often.
    await store.insert([
      ...Array.from({ length: 3 }, () => sample({ target: '#hero' })),
      ...Array.from({ length: 2 }, () => sample({ target: '#lead' })),
      sample({ target: '#nav' }),
    ]);
    // Day two opens with a flood of made-up selectors, in one batch with a real target.
    const dayTwo = T0 + DAY;
    await store.insert([
      ...Array.from({ length: TARGETS_PER_DAY }, (_, i) => sample({ target: `#made-up-${i}`, receivedAt: dayTwo })),
      sample({ target: '#hero', receivedAt: dayTwo }),
    ]);
    // The day's new places are taken by the flood; the carried targets neither take one nor need one.
    await store.insert([
      sample({ target: '#lead', receivedAt: dayTwo }),
      sample({ target: '#made-up-late', receivedAt: dayTwo }),
      sample({ target: '#nav', receivedAt: dayTwo }),
      sample({ target: '#hero', receivedAt: dayTwo }),
    ]);
    const counts = Object.fromEntries((await store.targets({ since: T0 - DAY, limit: 50 })).map((r) => [r.target, r.count]));
    expect(counts).toMatchObject({ '#hero': 3 + 2, '#lead': 2 + 1, '#nav': 1 + 1, [OTHER_TARGET]: 1 });
    expect(Object.keys(counts).filter((t) => t.startsWith('#made-up-'))).toHaveLength(TARGETS_PER_DAY);
    expect(counts['#made-up-late']).toBeUndefined();
  });

  it('carries at most the day before’s ten most counted targets, so a day names at most twenty', async () => {
    const at = (d: number) => T0 + d * DAY;
    const real = Array.from({ length: TARGETS_PER_DAY }, (_, i) => `#real-${i}`);
    const flood = (d: number) => Array.from({ length: TARGETS_PER_DAY }, (_, i) => sample({ target: `#made-up-${d}-${i}`, receivedAt: at(d) }));
    await store.insert(real.map((target) => sample({ target })));
    // Day one: a flood takes the new places, once each; the real targets, carried, come twice each. The day names twenty.
    await store.insert([...flood(1), ...real.flatMap((target) => [sample({ target, receivedAt: at(1) }), sample({ target, receivedAt: at(1) })])]);
    // Day two: what day one counted most is carried (the real ones), not the flood of day one, which counted less.
    await store.insert([...flood(2), ...real.map((target) => sample({ target, receivedAt: at(2) })), sample({ target: '#made-up-1-0', receivedAt: at(2) })]);
    const rows = await store.targets({ since: at(2) - 1000, limit: 50 });
    const counts = Object.fromEntries(rows.map((r) => [r.target, r.count]));
    for (const target of real) expect(counts[target]).toBe(1);
    expect(counts[OTHER_TARGET]).toBe(1);
    expect(counts['#made-up-1-0']).toBeUndefined();
    expect(rows).toHaveLength(2 * TARGETS_PER_DAY + 1);
  });

  it('stores route names and tags from the public verbatim, as data (no injection)', async () => {
    const page = "x'); DROP TABLE samples; --";
    await store.insert([sample({ page, release: '<script>alert(1)</script>' })]);
    expect((await store.summary({ page }))[0]?.page).toBe(page);
    expect(await store.count()).toBe(1);
  });

  it('reports itself healthy while it can write', async () => {
    expect(await store.health()).toMatchObject({ ok: true });
  });
});

const V1_ROWS = [
  ['v5-a', 'LCP', 1200, 'home', 'mobile', T0],
  ['v5-b', 'LCP', 2400, 'home', 'mobile', T0],
  ['v5-c', 'LCP', 3600, 'home', 'desktop', T0 - DAY],
  ['v5-d', 'CLS', 0.12, 'home', 'mobile', T0 - 2 * DAY],
  ['v5-e', 'INP', 180, '/cart', 'tablet', T0],
] as const;

describe('upgrading a version-1 database in place', () => {
  it('PostgreSQL: partitions the samples by day, keeps every one, and computes their histograms', async () => {
    const url = await postgres.createDatabase('upgrade_v1');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('CREATE TABLE perfgate_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
    await MIGRATIONS[0]!(client, Date.now());
    await client.query('INSERT INTO perfgate_migrations (version) VALUES (1)');
    for (const [id, name, value, page, device, at] of V1_ROWS) {
      await client.query(`INSERT INTO samples VALUES ($1, $2, $3, $3, 'good', 'navigate', $4, NULL, $5, 'Chrome', NULL, $6)`, [
        id,
        name,
        value,
        page,
        device,
        at,
      ]);
    }
    const store = await openPostgresStore(url);
    try {
      expect(await store.count()).toBe(V1_ROWS.length);
      expectRow(
        (await store.summary({ page: 'home', metric: 'LCP' })).find((r) => r.device === 'all'),
        [1200, 2400, 3600],
      );
      expectRow(
        (await store.summary({ metric: 'CLS' })).find((r) => r.device === 'all'),
        [0.12],
        'CLS',
      );
      const { rows } = await client.query<{ version: number }>('SELECT version FROM perfgate_migrations ORDER BY version');
      expect(rows.map((r) => r.version)).toEqual([1, 2, 3, 4]);
      const partitions = await client.query<{ relname: string }>(
        `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'samples'::regclass`,
      );
      expect(partitions.rows.map((r) => r.relname)).toEqual(expect.arrayContaining(['samples_d20261030', 'samples_d20261031', 'samples_d20261101']));
      const brin = await client.query(`SELECT 1 FROM pg_indexes WHERE tablename = 'samples' AND indexdef LIKE '%USING brin%'`);
      expect(brin.rowCount).toBe(1);
      // The SQL bucket function agrees with bucketOf, edges included.
      const values = [0, 0.5, 1, 1.05, 1.1025, 999.99, 1000, 2500, 4000, 599_999, 123_456.7];
      const sql = await client.query<{ b: number }>('SELECT perfgate_bucket($1, v) AS b FROM unnest($2::float8[]) AS v', ['LCP', values]);
      expect(sql.rows.map((r) => r.b)).toEqual(values.map((v) => bucketOf('LCP', v)));
    } finally {
      await store.close();
      await client.end();
    }
  });

  it('SQLite: adds the histograms of the samples the file holds', async () => {
    const file = path.join(tempDir(), 'v1.db');
    const db = new Database(file);
    db.exec(`CREATE TABLE samples (metric_id TEXT PRIMARY KEY, name TEXT NOT NULL, value REAL NOT NULL, delta REAL NOT NULL, rating TEXT NOT NULL,
      navigation_type TEXT NOT NULL, page TEXT NOT NULL, release TEXT, device TEXT NOT NULL, browser TEXT NOT NULL, connection TEXT, received_at INTEGER NOT NULL);
      CREATE INDEX samples_by_page ON samples (page, name, received_at);`);
    const insert = db.prepare(`INSERT INTO samples VALUES (?, ?, ?, ?, 'good', 'navigate', ?, NULL, ?, 'Chrome', NULL, ?)`);
    for (const [id, name, value, page, device, at] of V1_ROWS) insert.run(id, name, value, value, page, device, at);
    db.close();
    const store = openSqliteStore(file);
    try {
      expect(await store.count()).toBe(V1_ROWS.length);
      expectRow(
        (await store.summary({ page: 'home', metric: 'LCP' })).find((r) => r.device === 'all'),
        [1200, 2400, 3600],
      );
    } finally {
      await store.close();
    }
    expect(new Database(file, { readonly: true }).pragma('user_version', { simple: true })).toBe(4);
  });
});

describe('PostgreSQL migrations', () => {
  it('run once, and a second start finds the schema in place', async () => {
    const url = await postgres.createDatabase('twice');
    const first = await openPostgresStore(url);
    await first.close();
    const second = await openPostgresStore(url);
    await second.insert([sample()]);
    expect(await second.count()).toBe(1);
    await second.close();
  });
});
