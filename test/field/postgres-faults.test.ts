import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BacklogFull } from '../../src/field/group-commit.js';
import { createCollector, type CollectorHandler } from '../../src/field/handler.js';
import { openPostgresStore } from '../../src/field/postgres-store.js';
import type { FieldStore, StoredSample } from '../../src/field/store.js';
import { beacon, CHROME_UA } from './beacons.js';
import { startPostgres, type TestPostgres } from './postgres.js';
import { storedSample } from './stored-sample.js';

const sample = (): StoredSample => storedSample(Date.now(), { release: null, connection: null });
const post = (handler: CollectorHandler) =>
  handler(
    new Request('http://collector.test/rum', {
      method: 'POST',
      body: JSON.stringify(beacon()),
      headers: { 'content-type': 'text/plain', 'user-agent': CHROME_UA, origin: 'http://collector.test' },
    }),
  );
const health = async (handler: CollectorHandler) => (await handler(new Request('http://collector.test/healthz'))).status;

/** Polls until `check` is true (every 50 ms, at most `ms`); the time it took. */
async function until(check: () => Promise<boolean> | boolean, ms: number): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > ms) throw new Error(`not true within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return Date.now() - started;
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await work();
  return { value, ms: Date.now() - started };
}

describe('the PostgreSQL store under faults (a real server)', () => {
  let postgres: TestPostgres;
  let url: string;
  let store: FieldStore;
  let handler: CollectorHandler;
  const errors: string[] = [];

  beforeAll(async () => {
    postgres = await startPostgres();
    url = await postgres.createDatabase('faults');
    store = await openPostgresStore(url, { onError: (event) => errors.push(event) });
    handler = createCollector({ store, allowHosts: ['collector.test'], rateLimit: 0 });
  }, 60_000);
  afterAll(async () => {
    handler?.close();
    await store?.close().catch(() => undefined);
    postgres?.stop();
  });

  it('lives through pg_terminate_backend on its connections, logs it, and writes again', async () => {
    expect((await post(handler)).status).toBe(202);
    expect(await health(handler)).toBe(200);
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const { rowCount } = await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    await admin.end();
    expect(rowCount).toBeGreaterThan(0);
    await until(() => errors.length > 0, 5000);
    expect(errors[0]).toMatch(/^postgres_(write|read)_connection_error$/);
    await until(async () => (await post(handler)).status === 202, 5000);
    expect(await health(handler)).toBe(200);
  });

  it('answers 503 within 2 s while a LOCK TABLE is held by another session, and 202 once it is released', async () => {
    const locker = new pg.Client({ connectionString: url });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE samples IN ACCESS EXCLUSIVE MODE');
    try {
      const { value, ms } = await timed(() => post(handler));
      expect(value.status).toBe(503);
      expect(value.headers.get('retry-after')).toBe('5');
      expect(ms).toBeLessThan(4000); // the lock timeout is 2 s
      expect(await health(handler)).toBe(503);
    } finally {
      await locker.query('COMMIT');
      await locker.end();
    }
    expect((await post(handler)).status).toBe(202);
    expect(await health(handler)).toBe(200);
  });

  it('refuses at once what does not fit its bounded backlog while the database is stuck', async () => {
    const small = await openPostgresStore(url, { maxPending: 10 });
    const locker = new pg.Client({ connectionString: url });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE samples IN ACCESS EXCLUSIVE MODE');
    try {
      const stuck = small.insert([sample()]).catch((error: Error) => error);
      await new Promise((r) => setImmediate(r));
      const waiting = Array.from({ length: 9 }, () => small.insert([sample()]).catch((error: Error) => error));
      const { value: refused, ms } = await timed(() => small.insert([sample()]).catch((error: Error) => error));
      expect(refused).toBeInstanceOf(BacklogFull);
      expect(ms).toBeLessThan(100);
      expect(await stuck).toBeInstanceOf(Error);
      await Promise.all(waiting);
    } finally {
      await locker.query('COMMIT');
      await locker.end();
      await small.close();
    }
  });

  it('answers 503 within 2 s while the server is down, reports it in /healthz, and recovers when it returns', async () => {
    const before = await store.count();
    postgres.pause();
    try {
      const { value, ms } = await timed(() => post(handler));
      expect(value.status).toBe(503);
      expect(ms).toBeLessThan(2000);
      expect(await health(handler)).toBe(503);
    } finally {
      postgres.resume();
    }
    await until(async () => (await post(handler)).status === 202, 10_000);
    expect(await health(handler)).toBe(200);
    expect(await store.count()).toBe(before + 3);
  }, 30_000);
});
