import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CollectorMetrics, metricRoute, WRITE_BUCKETS } from '../../src/field/collector-metrics.js';
import { createCollector } from '../../src/field/handler.js';
import { openSqliteStore } from '../../src/field/sqlite-store.js';
import { tempDir } from '../helpers.js';
import { readExposition } from './exposition.js';
import { beacon, CHROME_UA, metric } from './beacons.js';

const SHOP = 'https://shop.example.com';
const post = (body: unknown) =>
  new Request('http://collector.test/rum', {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': 'text/plain;charset=UTF-8', 'user-agent': CHROME_UA, origin: SHOP },
  });

describe('the collector’s own metrics (GET /metrics)', () => {
  it('counts requests under a fixed set of routes, whatever the path', () => {
    expect(metricRoute('POST', '/rum')).toBe('rum');
    expect(metricRoute('OPTIONS', '/rum')).toBe('rum_preflight');
    expect(metricRoute('GET', '/api/summary')).toBe('api_summary');
    expect(metricRoute('GET', '/')).toBe('dashboard');
    expect(metricRoute('GET', '/wp-login.php')).toBe('other');
    expect(metricRoute('GET', '/api/summary/../../etc')).toBe('other');
  });

  it('renders the text format: cumulative write-time buckets, escaped label values', () => {
    const metrics = new CollectorMetrics();
    metrics.writing(5);
    metrics.written(3, 0.002, true);
    metrics.written(2, 3, false);
    metrics.request('rum', 202);
    metrics.request('rum', 202);
    metrics.request('other', 404);
    const text = metrics.render({ storeUp: false, store: 'sqlite', version: '1.0.0-"beta"\\x', residentBytes: 1024, startSeconds: 1_700_000_000 });
    const values = readExposition(text);
    expect(values.get('perfgate_collector_requests_total{route="rum",code="202"}')).toBe(2);
    expect(values.get('perfgate_collector_requests_total{route="other",code="404"}')).toBe(1);
    expect(values.get('perfgate_collector_samples_stored_total')).toBe(3);
    expect(values.get('perfgate_collector_samples_pending')).toBe(0);
    expect(values.get('perfgate_collector_write_failures_total')).toBe(1);
    expect(values.get('perfgate_collector_write_duration_seconds_bucket{le="0.001"}')).toBe(0);
    expect(values.get('perfgate_collector_write_duration_seconds_bucket{le="0.005"}')).toBe(1);
    expect(values.get('perfgate_collector_write_duration_seconds_bucket{le="2.5"}')).toBe(1);
    expect(values.get('perfgate_collector_write_duration_seconds_bucket{le="5"}')).toBe(2);
    expect(values.get('perfgate_collector_write_duration_seconds_count')).toBe(2);
    expect(values.get('perfgate_collector_write_duration_seconds_sum')).toBeCloseTo(3.002);
    expect(values.get('perfgate_collector_store_up')).toBe(0);
    expect(text).toContain('perfgate_collector_info{version="1.0.0-\\"beta\\"\\\\x",store="sqlite"} 1');
    expect(WRITE_BUCKETS.length).toBe(12);
  });

  it('through the handler with a real SQLite store: behind the read token, counting what was answered, stored and refused, and a store that cannot write', async () => {
    const store = openSqliteStore(path.join(tempDir(), 'small.db'), { maxBytes: 64 * 1024 });
    const handler = createCollector({ store, allowOrigins: [SHOP], rateLimit: 0, readToken: 'r3ad' });
    const scrape = async () => {
      const response = await handler(new Request('http://collector.test/metrics', { headers: { authorization: 'Bearer r3ad' } }));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
      return readExposition(await response.text());
    };
    expect((await handler(post(beacon()))).status).toBe(202);
    expect((await handler(post('{"v": 1'))).status).toBe(400);
    expect((await handler(new Request('http://collector.test/metrics'))).status).toBe(401);
    let values = await scrape();
    expect(values.get('perfgate_collector_requests_total{route="rum",code="202"}')).toBe(1);
    expect(values.get('perfgate_collector_requests_total{route="rum",code="400"}')).toBe(1);
    expect(values.get('perfgate_collector_requests_total{route="metrics",code="401"}')).toBe(1);
    expect(values.get('perfgate_collector_samples_stored_total')).toBe(3);
    expect(values.get('perfgate_collector_write_duration_seconds_count')).toBe(1);
    expect(values.get('perfgate_collector_store_up')).toBe(1);
    expect(values.get('process_resident_memory_bytes')).toBeGreaterThan(1_000_000);
    // Fill the 64 KiB database: the first write it refuses is a failure, the store is down.
    let status = 202;
    let sent = 1;
    const long = (i: number) => `/${'p'.repeat(150)}/${i}`;
    for (let i = 0; i < 400 && status === 202; i++, sent++)
      status = (await handler(post(beacon([metric({ page: long(i) }), metric({ page: long(i + 1000) })])))).status;
    expect(status).toBe(503);
    values = await scrape();
    expect(values.get('perfgate_collector_requests_total{route="rum",code="503"}')).toBe(1);
    expect(values.get('perfgate_collector_write_failures_total')).toBe(1);
    expect(values.get('perfgate_collector_samples_stored_total')).toBe(3 + 2 * (sent - 2));
    expect(values.get('perfgate_collector_write_duration_seconds_count')).toBe(sent);
    expect(values.get('perfgate_collector_samples_pending')).toBe(0);
    expect(values.get('perfgate_collector_store_up')).toBe(0);
    expect(values.get('perfgate_collector_requests_total{route="metrics",code="200"}')).toBe(1);
    handler.close();
    await store.close();
  });

  it.each([
    ['with a read token', { readToken: 'r3ad', metricsToken: 'scr4pe' }, { metrics: 200, read: 200, none: 401, wrong: 401, api: 401, page: 401 }],
    // A metrics token is enforced where the field data is public (--public-read): its operator set it.
    ['with the field data public', { metricsToken: 'scr4pe' }, { metrics: 200, read: 401, none: 401, wrong: 401, api: 200, page: 200 }],
    ['without a metrics token, the read token alone', { readToken: 'r3ad' }, { metrics: 401, read: 200, none: 401, wrong: 401, api: 401, page: 401 }],
  ])('a metrics token opens /metrics and no field data (%s)', async (_, tokens, expected) => {
    const handler = createCollector({ store: openSqliteStore(path.join(tempDir(), 'f.db')), allowOrigins: [SHOP], ...tokens });
    const get = async (route: string, token?: string) =>
      (await handler(new Request(`http://collector.test${route}`, { headers: token ? { authorization: `Bearer ${token}` } : {} }))).status;
    const seen = {
      metrics: await get('/metrics', 'scr4pe'),
      read: await get('/metrics', 'r3ad'),
      none: await get('/metrics'),
      wrong: await get('/metrics', 'scr4pe-not'),
      api: await get('/api/summary', 'scr4pe'),
      page: await get('/?token=scr4pe'),
    };
    expect(seen).toEqual(expected);
    const refused = await handler(new Request('http://collector.test/metrics'));
    expect(await refused.json()).toEqual({ error: `send Authorization: Bearer <${'metricsToken' in tokens ? 'metrics token' : 'read token'}>` });
    handler.close();
  });
});
