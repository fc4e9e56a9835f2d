import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bucketOf, histogramQuantile } from '../../src/field/histogram.js';
import { openPostgresStore } from '../../src/field/postgres-store.js';
import { RECENT_DAYS } from '../../src/field/recent-window.js';
import { openSqliteStore } from '../../src/field/sqlite-store.js';
import { dayOf, DAY_MS, type FieldStore, type StoredSample, type SummaryRow, type TargetRow } from '../../src/field/store.js';
import { tempDir } from '../helpers.js';
import { startPostgres, type TestPostgres } from './postgres.js';
import { prng } from './prng.js';

// The rolling window (recent-window.ts) must give exactly what the daily rollups give, for any
// window asked for, while the window moves day by day, after retention, and with repeated ids.

let postgres: TestPostgres;
beforeAll(async () => {
  postgres = await startPostgres();
}, 60_000);
afterAll(() => postgres?.stop());

interface Backend {
  open(now: () => number): Promise<FieldStore>;
  /** The rolling window's first day, read from the database. */
  windowStart(): Promise<number>;
}

let databases = 0;
const backends: Array<[string, () => Backend]> = [
  [
    'SQLite',
    () => {
      const file = path.join(tempDir(), 'field.db');
      return {
        open: async (now) => openSqliteStore(file, { now }),
        windowStart: async () => {
          const db = new Database(file, { readonly: true });
          try {
            return (db.prepare('SELECT from_day FROM recent_window').get() as { from_day: number }).from_day;
          } finally {
            db.close();
          }
        },
      };
    },
  ],
  [
    'PostgreSQL',
    () => {
      let url = '';
      return {
        open: async (now) => {
          url ||= await postgres.createDatabase(`recent_${++databases}`);
          return openPostgresStore(url, { now });
        },
        windowStart: async () => {
          const client = new pg.Client({ connectionString: url });
          await client.connect();
          try {
            return (await client.query<{ from_day: number }>('SELECT from_day FROM recent_window')).rows[0]!.from_day;
          } finally {
            await client.end();
          }
        },
      };
    },
  ],
];

const PAGES = ['/', '/cart', '/search'];
const DEVICES = ['mobile', 'desktop', 'tablet'] as const;

/** What every read must return: the histogram percentiles of the last value of each id stored on or after `fromDay`. */
function expected(samples: Map<string, StoredSample>, fromDay: number): SummaryRow[] {
  const groups = new Map<string, { row: Omit<SummaryRow, 'count' | 'p50' | 'p75' | 'p95'>; buckets: Map<number, number> }>();
  for (const s of samples.values()) {
    if (dayOf(s.receivedAt) < fromDay) continue;
    for (const device of [s.device, 'all'] as const) {
      const key = `${s.page} ${s.name} ${device}`;
      const group = groups.get(key) ?? { row: { page: s.page, metric: s.name, device }, buckets: new Map() };
      const bucket = bucketOf(s.name, s.value);
      group.buckets.set(bucket, (group.buckets.get(bucket) ?? 0) + 1);
      groups.set(key, group);
    }
  }
  return [...groups.values()]
    .map(({ row, buckets }) => {
      const list = [...buckets].map(([bucket, count]) => ({ bucket, count }));
      const q = (p: number) => histogramQuantile(row.metric, list, p);
      return { ...row, count: list.reduce((sum, b) => sum + b.count, 0), p50: q(0.5), p75: q(0.75), p95: q(0.95) };
    })
    .sort((a, b) => a.page.localeCompare(b.page) || a.metric.localeCompare(b.metric) || a.device.localeCompare(b.device));
}

const expectSame = (actual: SummaryRow[], wanted: SummaryRow[]) => {
  expect(actual.map((r) => [r.page, r.metric, r.device, r.count])).toEqual(wanted.map((r) => [r.page, r.metric, r.device, r.count]));
  actual.forEach((row, i) => {
    for (const key of ['p50', 'p75', 'p95'] as const) expect(row[key]).toBeCloseTo(wanted[i]![key], 6);
  });
};

/** What every targets read must return: per page, metric and target, the count, share, p75 and mean phases of the last report of each id. */
function expectedTargets(samples: Map<string, StoredSample>, fromDay: number): TargetRow[] {
  const groups = new Map<string, { row: Pick<TargetRow, 'page' | 'metric' | 'target'>; values: number[]; inputDelay: number }>();
  for (const s of samples.values()) {
    if (dayOf(s.receivedAt) < fromDay || !s.target) continue;
    const key = `${s.page} ${s.name} ${s.target}`;
    const group = groups.get(key) ?? groups.set(key, { row: { page: s.page, metric: s.name, target: s.target }, values: [], inputDelay: 0 }).get(key)!;
    group.values.push(s.value);
    group.inputDelay += s.phases?.inputDelay ?? 0;
  }
  const totals = new Map<string, number>();
  for (const g of groups.values()) totals.set(`${g.row.page} ${g.row.metric}`, (totals.get(`${g.row.page} ${g.row.metric}`) ?? 0) + g.values.length);
  return [...groups.values()]
    .map(({ row, values, inputDelay }) => {
      const counts = new Map<number, number>();
      for (const v of values) counts.set(bucketOf(row.metric, v), (counts.get(bucketOf(row.metric, v)) ?? 0) + 1);
      const buckets = [...counts].map(([bucket, count]) => ({ bucket, count }));
      return {
        ...row,
        count: values.length,
        share: values.length / totals.get(`${row.page} ${row.metric}`)!,
        p75: histogramQuantile(row.metric, buckets, 0.75),
        phases: { inputDelay: inputDelay / values.length, processingDuration: 100, presentationDelay: 0 },
      };
    })
    .sort((a, b) => a.page.localeCompare(b.page) || a.metric.localeCompare(b.metric) || b.count - a.count || a.target.localeCompare(b.target));
}

const expectSameTargets = (actual: TargetRow[], wanted: TargetRow[]) => {
  expect(actual.map((r) => [r.page, r.metric, r.target, r.count])).toEqual(wanted.map((r) => [r.page, r.metric, r.target, r.count]));
  actual.forEach((row, i) => {
    expect(row.share).toBeCloseTo(wanted[i]!.share, 9);
    expect(row.p75).toBeCloseTo(wanted[i]!.p75, 6);
    expect(row.phases?.inputDelay).toBeCloseTo(wanted[i]!.phases!.inputDelay, 6);
    expect(row.phases?.processingDuration).toBeCloseTo(100, 6);
  });
};

describe.each(backends)('the rolling window of the %s store', (_, backend) => {
  it('reads exactly what the daily rollups hold, for any window, as the days go by, after retention and repeated ids', async () => {
    const b = backend();
    let now = Date.parse('2026-06-15T10:00:00Z');
    const store = await b.open(() => now);
    const random = prng(11);
    const stored = new Map<string, StoredSample>();
    let n = 0;
    /** Most samples name one of four targets (INP's with phases); some name none. */
    const targeted = (): Pick<StoredSample, 'target' | 'phases'> => {
      const pick = Math.floor(random() * 5);
      return pick === 4
        ? { target: null, phases: null }
        : { target: `main>#t${pick}`, phases: { inputDelay: 10 * pick, processingDuration: 100, presentationDelay: 5 + pick } };
    };
    const write = async (count: number, oldestDay: number) => {
      const batch: StoredSample[] = [];
      for (let i = 0; i < count; i++) {
        // One sample in ten repeats an id seen before (a later report of the same metric: its value moves bucket).
        const old = random() < 0.1 && stored.size > 0 ? [...stored.values()][Math.floor(random() * stored.size)]! : undefined;
        // A later report may name another target (a later, larger LCP element).
        const sample: StoredSample = old
          ? { ...old, value: old.value * (0.5 + random()), ...targeted() }
          : {
              metricId: `v5-${++n}`,
              name: random() < 0.5 ? 'LCP' : 'INP',
              value: 100 + random() * 4000,
              delta: 1,
              rating: 'good',
              navigationType: 'navigate',
              page: PAGES[Math.floor(random() * PAGES.length)]!,
              release: null,
              device: DEVICES[Math.floor(random() * DEVICES.length)]!,
              browser: 'Chrome',
              connection: null,
              receivedAt: now - Math.floor(random() * oldestDay * DAY_MS),
              ...targeted(),
            };
        batch.push(sample);
      }
      await store.insert(batch);
      for (const s of batch) stored.set(s.metricId, { ...s, receivedAt: stored.get(s.metricId)?.receivedAt ?? s.receivedAt });
    };
    const check = async () => {
      const today = dayOf(now);
      for (const fromDay of [0, today - 45, today - RECENT_DAYS - 3, today - RECENT_DAYS - 1, today - RECENT_DAYS, today - RECENT_DAYS + 2, today - 7, today]) {
        const since = fromDay === 0 ? undefined : fromDay * DAY_MS + 3_600_000;
        expectSame(await store.summary({ since }), expected(stored, fromDay));
        expectSame(
          await store.summary({ since, device: 'mobile' }),
          expected(stored, fromDay).filter((r) => r.device === 'mobile'),
        );
        const field = await store.aggregates({ since: since ?? 0, pageLimit: 10 });
        const all = expected(stored, fromDay).filter((r) => r.device === 'all');
        expectSame(field.summary, all);
        expectSameTargets(await store.targets({ since: since ?? 0, limit: 10 }), expectedTargets(stored, fromDay));
      }
    };
    try {
      await write(600, 40);
      await check();
      expect(await b.windowStart()).toBeLessThanOrEqual(dayOf(now) - RECENT_DAYS);
      // A day later the first write moves the window by a day; five days later by five.
      for (const days of [1, 5]) {
        now += days * DAY_MS;
        await write(100, 3);
        expect(await b.windowStart()).toBe(dayOf(now) - RECENT_DAYS);
        await check();
      }
      // Retention shorter than the window: the window leaves the deleted days too.
      const cutoff = now - 10 * DAY_MS;
      await store.deleteOlderThan(cutoff);
      for (const [id, s] of stored) if (dayOf(s.receivedAt) < dayOf(cutoff)) stored.delete(id);
      expect(await b.windowStart()).toBe(dayOf(cutoff));
      await check();
      now += DAY_MS;
      await write(50, 1);
      await check();
    } finally {
      await store.close();
    }
  }, 60_000);
});
