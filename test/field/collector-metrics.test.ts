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
});
