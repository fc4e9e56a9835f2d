import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCollector, type CollectorHandler } from '../../src/field/handler.js';
import { openSqliteStore } from '../../src/field/sqlite-store.js';
import type { FieldStore } from '../../src/field/store.js';
import { quantile } from '../../src/stats.js';
import { tempDir } from '../helpers.js';
import { beacon, CHROME_UA, DESKTOP_UA, metric } from './beacons.js';

const ORIGIN = 'http://collector.test';
const post = (body: unknown, headers: Record<string, string> = {}) =>
  new Request(`${ORIGIN}/rum`, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'text/plain;charset=UTF-8', 'user-agent': CHROME_UA, ...headers } });

describe('the collector handler (web-standard Request → Response, no socket)', () => {
  let file: string;
  let store: FieldStore;
  let handler: CollectorHandler;
  let clock: number;
  const rows = () => new Database(file, { readonly: true }).prepare('SELECT * FROM samples ORDER BY metric_id').all() as Array<Record<string, unknown>>;

  beforeEach(() => {
    file = path.join(tempDir(), 'field.db');
    store = openSqliteStore(file);
    clock = Date.parse('2026-11-20T12:00:00Z');
    handler = createCollector({ store, allowOrigins: ['https://shop.example.com'], rateLimit: 5, readToken: 'secret', now: () => clock });
  });
  afterEach(() => store.close());

  it('stores a text/plain beacon (what sendBeacon sends) and answers 202 after the commit', async () => {
    const sent = beacon();
    const response = await handler(post(sent, { origin: 'https://shop.example.com' }));
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ stored: 3 });
    expect(response.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
    const stored = rows();
    expect(stored).toHaveLength(3);
    expect(stored.find((r) => r.name === 'LCP')).toMatchObject({ page: 'home', release: 'v1.2.3', device: 'mobile', browser: 'Chrome', connection: '4g', received_at: clock });
  });

  it('accepts application/json, and requests without Origin (other clients)', async () => {
    expect((await handler(post(beacon(), { 'content-type': 'application/json' }))).status).toBe(202);
  });

  it('never stores the client address, and reduces the user agent to family and device class', async () => {
    await handler(post(beacon(), { 'user-agent': DESKTOP_UA, 'x-forwarded-for': '203.0.113.9' }), { clientAddress: '198.51.100.7' });
    const text = JSON.stringify(rows());
    expect(text).not.toContain('203.0.113.9');
    expect(text).not.toContain('198.51.100.7');
    expect(text).not.toContain('Windows NT');
    expect(rows()[0]).toMatchObject({ browser: 'Chrome', device: 'desktop' });
  });

  it('keeps the last value when the same metric id is reported again', async () => {
    const first = metric({ name: 'CLS', value: 0.01, delta: 0.01 });
    await handler(post(beacon([first])));
    await handler(post(beacon([{ ...first, value: 0.2, delta: 0.19 }])));
    expect(rows()).toHaveLength(1);
    expect(rows()[0]).toMatchObject({ value: 0.2, delta: 0.19 });
  });

  it.each([
    ['Googlebot', 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)'],
    ['headless Chrome', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36'],
    ['curl', 'curl/8.5.0'],
  ])('drops %s: 204 and nothing stored', async (_, ua) => {
    const response = await handler(post(beacon(), { 'user-agent': ua }));
    expect(response.status).toBe(204);
    expect(rows()).toEqual([]);
  });

  it.each([
    ['a form body', post('a=1', { 'content-type': 'application/x-www-form-urlencoded' }), 415],
    ['no content type', new Request(`${ORIGIN}/rum`, { method: 'POST', body: new Blob([JSON.stringify(beacon())]) }), 415],
    ['a body above 64 KiB', post('x'.repeat(65 * 1024)), 413],
    ['a lying content length', post(JSON.stringify(beacon()), { 'content-length': String(10 * 1024 * 1024) }), 413],
    ['an origin outside the allow-list', post(beacon(), { origin: 'https://evil.example' }), 403],
    ['truncated JSON', post(JSON.stringify(beacon()).slice(0, 40)), 400],
    ['invalid UTF-8', new Request(`${ORIGIN}/rum`, { method: 'POST', body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), headers: { 'content-type': 'text/plain' } }), 400],
    ['an unknown metric', post(beacon([metric({ name: 'FID' as 'LCP' })])), 400],
    ['a negative value', post(beacon([metric({ value: -5 })])), 400],
    ['a huge value', post(beacon([metric({ value: 1e12 })])), 400],
    ['CLS of 500', post(beacon([metric({ name: 'CLS', value: 500, delta: 1 })])), 400],
    ['a string value', post(beacon([{ ...metric(), value: '12' as unknown as number }])), 400],
    ['a long route', post(beacon([metric({ page: 'x'.repeat(201) })])), 400],
    ['a control character in the route', post(beacon([metric({ page: 'a\u0000b' })])), 400],
    ['an unknown key', post({ ...beacon(), ip: '1.2.3.4' }), 400],
    ['no metrics', post(beacon([])), 400],
    ['101 metrics', post(beacon(Array.from({ length: 101 }, () => metric()))), 400],
    ['a wrong version', post({ ...beacon(), v: 2 }), 400],
    ['GET on /rum', new Request(`${ORIGIN}/rum`), 405],
    ['an unknown path', new Request(`${ORIGIN}/wp-login.php`), 404],
  ])('rejects %s with %d and stores nothing', async (_, request, status) => {
    const response = await handler(request);
    expect(response.status).toBe(status);
    if (status !== 405 && status !== 404) expect((await response.json()).error).toBeTruthy();
    expect(rows()).toEqual([]);
  });

  it('answers CORS preflights for allowed origins only', async () => {
    const preflight = (origin: string) => handler(new Request(`${ORIGIN}/rum`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } }));
    const ok = await preflight('https://shop.example.com');
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
    expect(ok.headers.get('access-control-allow-methods')).toContain('POST');
    expect((await preflight('https://evil.example')).status).toBe(403);
  });

  it('allows any origin with "*"', async () => {
    const open = createCollector({ store, allowOrigins: ['*'] });
    expect((await open(post(beacon(), { origin: 'https://anywhere.example' }))).status).toBe(202);
  });

  it('limits each client to N beacons per second, by socket address unless behind a trusted proxy', async () => {
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await handler(post(beacon()), { clientAddress: '10.0.0.1' })).status);
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429, 429]);
    expect((await handler(post(beacon()), { clientAddress: '10.0.0.2' })).status).toBe(202);
    // X-Forwarded-For is ignored without trustProxy: a client cannot dodge the limit by inventing addresses.
    expect((await handler(post(beacon(), { 'x-forwarded-for': '192.0.2.55' }), { clientAddress: '10.0.0.1' })).status).toBe(429);
    clock += 1000;
    expect((await handler(post(beacon()), { clientAddress: '10.0.0.1' })).status).toBe(202);
    const proxied = createCollector({ store, rateLimit: 1, trustProxy: true, now: () => clock });
    expect((await proxied(post(beacon(), { 'x-forwarded-for': '192.0.2.1, 10.0.0.9' }), { clientAddress: '10.0.0.9' })).status).toBe(202);
    expect((await proxied(post(beacon(), { 'x-forwarded-for': '192.0.2.2, 10.0.0.9' }), { clientAddress: '10.0.0.9' })).status).toBe(202);
    expect((await proxied(post(beacon(), { 'x-forwarded-for': '192.0.2.1, 10.0.0.9' }), { clientAddress: '10.0.0.9' })).status).toBe(429);
  });

  it('serves GET /healthz', async () => {
    expect((await handler(new Request(`${ORIGIN}/healthz`))).status).toBe(200);
  });

  it('serves the summary behind the read token: count and p50/p75/p95 per page, metric and device', async () => {
    const values = [1000, 1500, 2000, 2500, 4000];
    for (const value of values) await handler(post(beacon([metric({ value, delta: value, page: 'checkout' })])), { clientAddress: `10.1.0.${value}` });
    await handler(post(beacon([metric({ value: 900, delta: 900, page: 'checkout' })]), { 'user-agent': DESKTOP_UA }), { clientAddress: '10.2.0.1' });
    const get = (query: string, token = 'secret') => handler(new Request(`${ORIGIN}/api/summary${query}`, { headers: { authorization: `Bearer ${token}` } }));
    expect((await get('', 'wrong')).status).toBe(401);
    const response = await get('?page=checkout&metric=LCP');
    expect(response.status).toBe(200);
    const { rows: summary } = await response.json();
    const mobile = summary.find((r: { device: string }) => r.device === 'mobile');
    expect(mobile).toEqual({ page: 'checkout', metric: 'LCP', device: 'mobile', count: 5, p50: quantile(values, 0.5), p75: quantile(values, 0.75), p95: quantile(values, 0.95) });
    expect(summary.find((r: { device: string }) => r.device === 'all').count).toBe(6);
    expect((await (await get('?device=desktop')).json()).rows).toHaveLength(1);
    expect((await (await get('?since=2026-11-21')).json()).rows).toEqual([]);
    expect((await get('?metric=FID')).status).toBe(400);
    expect((await get('?since=yesterday')).status).toBe(400);
  });
});
