import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../src/field/postgres-store.js';
import { openSqliteStore } from '../../src/field/sqlite-store.js';
import type { FieldStore, StoredSample } from '../../src/field/store.js';
import { quantile } from '../../src/stats.js';
import { tempDir } from '../helpers.js';
import { startPostgres } from './postgres.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-11-01T00:00:00Z');
let n = 0;
const sample = (partial: Partial<StoredSample> = {}): StoredSample => ({
  metricId: `v5-${++n}`, name: 'LCP', value: 1000, delta: 1000, rating: 'good', navigationType: 'navigate', page: 'home',
  release: 'v1', device: 'mobile', browser: 'Chrome', connection: '4g', receivedAt: T0, ...partial,
});

let postgres: Awaited<ReturnType<typeof startPostgres>>;
beforeAll(async () => {
  postgres = await startPostgres();
}, 60_000);
afterAll(() => postgres?.stop());

const backends: Array<[string, () => Promise<FieldStore>]> = [
  ['SQLite', async () => openSqliteStore(path.join(tempDir(), 'field.db'))],
  [
    'PostgreSQL',
    async () => {
      const store = await openPostgresStore(postgres.url);
      await store.deleteOlderThan(Number.MAX_SAFE_INTEGER); // a clean table for each test
      return store;
    },
  ],
];

describe.each(backends)('the %s store', (_, open) => {
  let store: FieldStore;
  beforeEach(async () => {
    store = await open();
    return () => store.close();
  });

  it('keeps every committed sample, and the last value of a repeated metric id', async () => {
    const repeated = sample({ name: 'CLS', value: 0.01, delta: 0.01 });
    await store.insert([sample(), sample(), repeated]);
    await store.insert([{ ...repeated, value: 0.3, delta: 0.29 }]);
    expect(await store.count()).toBe(3);
    const [cls] = await store.summary({ metric: 'CLS', device: 'mobile' });
    expect(cls).toMatchObject({ count: 1, p50: 0.3 });
  });

  it('commits a batch that holds the same id twice, keeping the later one', async () => {
    const a = sample({ value: 1 });
    await store.insert([a, { ...a, value: 2 }]);
    expect((await store.summary({}))[0]).toMatchObject({ count: 1, p50: 2 });
  });

  it('group-commits many concurrent writers: every promise resolves after its sample is stored', async () => {
    const samples = Array.from({ length: 2000 }, (_, i) => sample({ value: i, page: `p${i % 10}` }));
    await Promise.all(samples.map((s) => store.insert([s])));
    expect(await store.count()).toBe(2000);
  });

  it('summarizes count and p50/p75/p95 per page, metric and device, with perfgate’s percentile', async () => {
    const mobile = [900, 1200, 1800, 2500, 3100, 4200, 800];
    const desktop = [600, 700];
    await store.insert([...mobile.map((value) => sample({ value, page: 'checkout' })), ...desktop.map((value) => sample({ value, page: 'checkout', device: 'desktop' })), sample({ name: 'INP', value: 200, page: 'checkout' })]);
    const rows = await store.summary({ page: 'checkout', metric: 'LCP' });
    const expected = (values: number[]) => ({ count: values.length, p50: quantile(values, 0.5), p75: quantile(values, 0.75), p95: quantile(values, 0.95) });
    expect(rows.map((r) => r.device)).toEqual(['all', 'desktop', 'mobile']);
    const close = (row: (typeof rows)[number] | undefined, values: number[]) => {
      const e = expected(values);
      expect(row?.count).toBe(e.count);
      for (const key of ['p50', 'p75', 'p95'] as const) expect(row?.[key]).toBeCloseTo(e[key], 9);
    };
    close(rows[0], [...mobile, ...desktop]);
    close(rows[1], desktop);
    close(rows[2], mobile);
    expect(await store.summary({ page: 'checkout', device: 'desktop' })).toHaveLength(1);
  });

  it('filters by time, and deletes samples past the retention', async () => {
    await store.insert([sample({ receivedAt: T0 - 100 * DAY }), sample({ receivedAt: T0 - 10 * DAY }), sample({ receivedAt: T0 })]);
    expect((await store.summary({ since: T0 - 20 * DAY, device: 'mobile' }))[0]?.count).toBe(2);
    expect(await store.deleteOlderThan(T0 - 90 * DAY)).toBe(1);
    expect(await store.count()).toBe(2);
  });

  it('returns raw samples of a window, newest first and bounded, for the dashboard', async () => {
    await store.insert([sample({ value: 1, receivedAt: T0 - 40 * DAY }), sample({ value: 2, receivedAt: T0 - DAY }), sample({ value: 3, receivedAt: T0 })]);
    expect((await store.samples(T0 - 28 * DAY, 10)).map((r) => [r.value, r.receivedAt])).toEqual([[3, T0], [2, T0 - DAY]]);
    expect(await store.samples(0, 1)).toEqual([{ page: 'home', name: 'LCP', value: 3, receivedAt: T0 }]);
  });

  it('stores route names and tags from the public verbatim, as data (no injection)', async () => {
    const page = "x'); DROP TABLE samples; --";
    await store.insert([sample({ page, release: '<script>alert(1)</script>' })]);
    expect((await store.summary({ page }))[0]?.page).toBe(page);
    expect(await store.count()).toBe(1);
  });
});

describe('PostgreSQL migrations', () => {
  it('run once, and a second start finds the schema in place', async () => {
    const first = await openPostgresStore(postgres.url);
    await first.close();
    const second = await openPostgresStore(postgres.url);
    await second.insert([sample()]);
    expect(await second.count()).toBeGreaterThan(0);
    await second.close();
  });
});
