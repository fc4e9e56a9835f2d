import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReadsBusy, ReadsSlow } from '../../src/field/collector-reads.js';
import { createCollector } from '../../src/field/handler.js';
import type { LogEntry } from '../../src/field/log.js';
import { dashboardPage, dashboardQuery, type DashboardRequest } from '../../src/field/dashboard-page.js';
import { startReadThread } from '../../src/field/read-thread.js';
import { openPostgresStore } from '../../src/field/postgres-store.js';
import { openSqliteStore } from '../../src/field/sqlite-store.js';
import type { FieldStore, StoredSample } from '../../src/field/store.js';
import type { StoreLocation } from '../../src/field/store-location.js';
import { ROOT, tempDir, waitUntil } from '../helpers.js';
import { startPostgres, type TestPostgres } from './postgres.js';

// The compiled worker (npm test builds first): a worker thread runs JavaScript, not the TypeScript under test.
const WORKER = pathToFileURL(path.join(ROOT, 'dist/field/read-worker.js'));
const DAY = 86_400_000;

let postgres: TestPostgres;
beforeAll(async () => {
  postgres = await startPostgres();
}, 60_000);
afterAll(() => postgres?.stop());

let n = 0;
const sample = (page: string, value: number, receivedAt: number): StoredSample => ({
  metricId: `v5-render-${++n}`,
  name: n % 2 ? 'LCP' : 'INP',
  value,
  delta: value,
  rating: 'good',
  navigationType: 'navigate',
  page,
  release: null,
  device: n % 3 ? 'mobile' : 'desktop',
  browser: 'Chrome',
  connection: null,
  receivedAt,
});

let databases = 0;
const stores: Array<[string, () => Promise<{ store: FieldStore; location: StoreLocation }>]> = [
  [
    'SQLite',
    async () => {
      const file = path.join(tempDir(), 'field.db');
      return { store: openSqliteStore(file), location: { kind: 'sqlite', file } };
    },
  ],
  [
    'PostgreSQL',
    async () => {
      const url = await postgres.createDatabase(`render_${++databases}`);
      return { store: await openPostgresStore(url), location: { kind: 'postgresql', url } };
    },
  ],
];

describe.each(stores)('the collector’s reads on a worker thread, %s', (_, open) => {
  it('is the page the collector renders in its own thread from the same data, with its gzip', async () => {
    const { store, location } = await open();
    const reads = startReadThread(location, { workerFile: WORKER });
    try {
      const now = Date.now();
      const batch: StoredSample[] = [];
      for (let p = 0; p < 8; p++) for (let i = 0; i <= 3 * p; i++) batch.push(sample(`/p${p}`, 800 + 37 * i, now - (i % 4) * DAY));
      await store.insert(batch);
      const request: DashboardRequest = { lab: null, now, windowDays: 28, pageLimit: 5, title: 'field of a test' };
      const rendered = await reads.dashboard(request);
      const expected = [...dashboardPage(await store.aggregates(dashboardQuery(request)), request)].join('');
      expect(expected).toContain('/p7');
      expect(expected).not.toContain('/p2<');
      expect(Buffer.from(rendered.html).toString('utf8')).toBe(expected);
      expect(gunzipSync(rendered.gzip).toString('utf8')).toBe(expected);
    } finally {
      await reads.close();
      await store.close();
    }
  });

  it('answers /api/summary’s and /api/aggregates’ reads as the store does in its own thread', async () => {
    const { store, location } = await open();
    const reads = startReadThread(location, { workerFile: WORKER });
    try {
      const now = Date.now();
      const batch: StoredSample[] = [];
      for (let p = 0; p < 6; p++) for (let i = 0; i <= 4 * p; i++) batch.push(sample(`/q${p}`, 500 + 53 * i, now - (i % 5) * DAY));
      await store.insert(batch);
      for (const query of [{}, { since: now - 2 * DAY }, { page: '/q5', device: 'mobile' as const }, { pages: ['/q1', '/q4'], metric: 'LCP' as const }]) {
        const expected = await store.summary(query);
        expect(expected.length).toBeGreaterThan(0);
        expect(await reads.summary(query)).toEqual(expected);
      }
      // Asked for at once, they are answered one at a time, each as asked.
      const many = [{}, { device: 'mobile' as const }, { page: '/q3' }, { metric: 'INP' as const }];
      const answers = await Promise.all(many.map((q) => reads.summary(q)));
      for (const [i, q] of many.entries()) expect(answers[i]).toEqual(await store.summary(q));
      const query = { since: now - 28 * DAY, pageLimit: 3, alwaysInclude: ['/q0'] };
      const field = await reads.aggregates(query);
      expect(field.pages.map((p) => p.page)).toEqual(['/q5', '/q4', '/q3']);
      expect(field).toEqual(await store.aggregates(query));
    } finally {
      await reads.close();
      await store.close();
    }
  });
});

describe('the collector’s read thread', () => {
  it('fails a read with the store’s error, and reads once the store is there', async () => {
    const file = path.join(tempDir(), 'later.db');
    const reads = startReadThread({ kind: 'sqlite', file }, { workerFile: WORKER });
    try {
      const request: DashboardRequest = { lab: null, now: Date.now(), windowDays: 28, pageLimit: 5, title: 'later' };
      await expect(reads.dashboard(request)).rejects.toThrow(/later\.db|unable to open|does not exist/i);
      const store = openSqliteStore(file);
      await store.insert([sample('/late', 1200, Date.now())]);
      await store.close();
      expect(Buffer.from((await reads.dashboard(request)).html).toString('utf8')).toContain('/late');
    } finally {
      await reads.close();
    }
  });

  it('fails the reads waiting on a thread that stops, and starts a new one for the next', async () => {
    const dir = tempDir();
    const dying = path.join(dir, 'dying.mjs');
    const counter = path.join(dir, 'starts.txt');
    writeFileSync(dying, `import { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(counter)}, 'x');\nprocess.exit(3);\n`);
    const reads = startReadThread({ kind: 'sqlite', file: path.join(dir, 'f.db') }, { workerFile: pathToFileURL(dying) });
    const request: DashboardRequest = { lab: null, now: Date.now(), windowDays: 28, pageLimit: 5, title: 'x' };
    await expect(reads.dashboard(request)).rejects.toThrow(/read thread stopped/);
    await expect(reads.dashboard(request)).rejects.toThrow(/read thread stopped/);
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(counter, 'utf8')).toBe('xx');
    await reads.close();
  });

  it('answers a read the thread does not answer in time (a starved thread) with 503, and counts it as waiting until the thread answers', async () => {
    // A thread that answers its first read after 800 ms and the others at once, as a read thread
    // under SCHED_IDLE does on a machine whose cores other work keeps busy.
    const dir = tempDir();
    const slow = path.join(dir, 'slow-worker.mjs');
    writeFileSync(
      slow,
      `import { parentPort } from 'node:worker_threads';\nlet n = 0;\nparentPort.on('message', ({ id }) => setTimeout(() => parentPort.postMessage({ id, value: [] }), n++ === 0 ? 800 : 0));\n`,
    );
    const reads = startReadThread({ kind: 'sqlite', file: path.join(dir, 'f.db') }, { workerFile: pathToFileURL(slow), deadlineMs: 200, maxWaiting: 1 });
    const log: LogEntry[] = [];
    const store = openSqliteStore(path.join(dir, 'f.db'));
    const handler = createCollector({ store, reads, readToken: 'r', log: (e) => log.push(e) });
    try {
      const answer = await handler(new Request('http://collector.test/api/summary', { headers: { authorization: 'Bearer r' } }));
      expect(answer.status).toBe(503);
      expect(answer.headers.get('retry-after')).toBe('5');
      expect(await answer.json()).toEqual({ error: 'the read took too long; try again shortly' });
      expect(log).toContainEqual(expect.objectContaining({ level: 'warn', event: 'reads_slow' }));
      expect(log.find((e) => e.event === 'reads_slow')?.message).toContain('no answer from the read thread within 0.2 s');
      // The thread has not answered it yet: it still waits, so the next read is refused rather than queued behind it.
      await expect(reads.summary({})).rejects.toBeInstanceOf(ReadsBusy);
      // Once the thread answers (its late answer is dropped), reads are served again.
      await waitUntil(
        () =>
          reads.summary({}).then(
            () => true,
            () => false,
          ),
        'the thread answering again',
        5_000,
      );
      expect(await reads.summary({})).toEqual([]);
      // A read past its deadline straight from the thread object.
      const again = startReadThread({ kind: 'sqlite', file: path.join(dir, 'f.db') }, { workerFile: pathToFileURL(slow), deadlineMs: 200 });
      await expect(again.summary({})).rejects.toBeInstanceOf(ReadsSlow);
      await again.close();
    } finally {
      handler.close();
      await reads.close();
      await store.close();
    }
  });

  it('refuses a read at once when maxWaiting are already waiting, serves those, and reads again after', async () => {
    const file = path.join(tempDir(), 'busy.db');
    const store = openSqliteStore(file);
    await store.insert([sample('/busy', 900, Date.now()), sample('/busy', 1100, Date.now())]);
    const reads = startReadThread({ kind: 'sqlite', file }, { workerFile: WORKER, maxWaiting: 3 });
    try {
      const asked = await Promise.allSettled(Array.from({ length: 6 }, () => reads.summary({})));
      expect(asked.map((a) => a.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'rejected', 'rejected']);
      const refused = asked[3] as PromiseRejectedResult;
      expect(refused.reason).toBeInstanceOf(ReadsBusy);
      expect(refused.reason.message).toBe('3 reads are already waiting');
      for (const answer of asked.slice(0, 3)) expect((answer as PromiseFulfilledResult<unknown>).value).toEqual(await store.summary({}));
      expect(await reads.summary({})).toEqual(await store.summary({}));
    } finally {
      await reads.close();
      await store.close();
    }
  });
});
