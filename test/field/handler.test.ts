import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pathToFileURL } from 'node:url';
import { createCollector, type CollectorHandler } from '../../src/field/handler.js';
import { startReadThread } from '../../src/field/read-thread.js';
import { openSqliteStore } from '../../src/field/sqlite-store.js';
import type { FieldStore } from '../../src/field/store.js';
import { bucketOf, histogramQuantile } from '../../src/field/histogram.js';
import type { LogEntry } from '../../src/field/log.js';
import type { Results } from '../../src/results.js';
import { CASES } from '../report/cases.js';
import { ROOT, tempDir } from '../helpers.js';
import { beacon, CHROME_UA, DESKTOP_UA, metric } from './beacons.js';

// The compiled read worker (npm test builds first): a worker thread runs JavaScript.
const READ_WORKER = pathToFileURL(path.join(ROOT, 'dist/field/read-worker.js'));

const ORIGIN = 'http://collector.test';
const SHOP = 'https://shop.example.com';
/** A beacon as a browser on the shop sends it (browsers always send Origin on a POST). */
const post = (body: unknown, headers: Record<string, string> = {}) =>
  new Request(`${ORIGIN}/rum`, {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': 'text/plain;charset=UTF-8', 'user-agent': CHROME_UA, origin: SHOP, ...headers },
  });
const withoutOrigin = (body: unknown, headers: Record<string, string> = {}) => {
  const request = post(body, headers);
  const copy = new Headers(request.headers);
  copy.delete('origin');
  return new Request(request, { headers: copy });
};
const summaryOf = (values: number[]) => {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(bucketOf('LCP', v), (counts.get(bucketOf('LCP', v)) ?? 0) + 1);
  const buckets = [...counts].map(([bucket, count]) => ({ bucket, count }));
  return {
    count: values.length,
    p50: histogramQuantile('LCP', buckets, 0.5),
    p75: histogramQuantile('LCP', buckets, 0.75),
    p95: histogramQuantile('LCP', buckets, 0.95),
  };
};

/** The store with a count of the dashboard reads (aggregates) it answered. */
function countingReads(store: FieldStore): { store: FieldStore; reads: number } {
  const out = {
    reads: 0,
    store: {
      ...store,
      aggregates: (query: Parameters<FieldStore['aggregates']>[0]) => {
        out.reads++;
        return store.aggregates(query);
      },
    },
  };
  return out;
}

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
    handler = createCollector({ store, allowOrigins: [SHOP], rateLimit: 5, readToken: 'secret', writeToken: 'wr1te', now: () => clock });
  });
  afterEach(() => {
    handler.close();
    return store.close();
  });

  it('stores a text/plain beacon (what sendBeacon sends) and answers 202 after the commit', async () => {
    const sent = beacon();
    const response = await handler(post(sent));
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ stored: 3 });
    expect(response.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
    const stored = rows();
    expect(stored).toHaveLength(3);
    expect(stored.find((r) => r.name === 'LCP')).toMatchObject({
      page: 'home',
      release: 'v1.2.3',
      device: 'mobile',
      browser: 'Chrome',
      connection: '4g',
      received_at: clock,
    });
  });

  it('accepts application/json; a client without Origin (an app) only with the write token, or with allowNoOrigin', async () => {
    expect((await handler(post(beacon(), { 'content-type': 'application/json' }))).status).toBe(202);
    expect((await handler(withoutOrigin(beacon()))).status).toBe(403);
    expect((await handler(withoutOrigin(beacon(), { authorization: 'Bearer nope' }))).status).toBe(403);
    expect((await handler(withoutOrigin(beacon(), { authorization: 'Bearer wr1te' }))).status).toBe(202);
    const open = createCollector({ store, allowNoOrigin: true, rateLimit: 0 });
    expect((await open(withoutOrigin(beacon()))).status).toBe(202);
    open.close();
    expect(rows()).toHaveLength(9);
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
    ['no User-Agent at all', ''],
  ])('drops %s: 204 and nothing stored', async (_, ua) => {
    const request = post(beacon(), { 'user-agent': ua });
    if (!ua) request.headers.delete('user-agent');
    const response = await handler(request);
    expect(response.status).toBe(204);
    expect(rows()).toEqual([]);
  });

  it.each([
    ['a form body', post('a=1', { 'content-type': 'application/x-www-form-urlencoded' }), 415],
    ['no content type', new Request(`${ORIGIN}/rum`, { method: 'POST', body: new Blob([JSON.stringify(beacon())]), headers: { origin: SHOP } }), 415],
    ['a body above 64 KiB', post('x'.repeat(65 * 1024)), 413],
    ['a lying content length', post(JSON.stringify(beacon()), { 'content-length': String(10 * 1024 * 1024) }), 413],
    ['an origin outside the allow-list', post(beacon(), { origin: 'https://evil.example' }), 403],
    ['no Origin and no write token', withoutOrigin(beacon()), 403],
    ['truncated JSON', post(JSON.stringify(beacon()).slice(0, 40)), 400],
    [
      'invalid UTF-8',
      new Request(`${ORIGIN}/rum`, { method: 'POST', body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), headers: { 'content-type': 'text/plain', origin: SHOP } }),
      400,
    ],
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
    const preflight = (origin: string) =>
      handler(new Request(`${ORIGIN}/rum`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } }));
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
  });

  it('behind a trusted proxy, keys on the address the proxy saw: a spoofed X-Forwarded-For entry gets no fresh bucket', async () => {
    const proxied = createCollector({ store, allowOrigins: [SHOP], rateLimit: 1, trustProxy: 1, now: () => clock });
    const via = (xff: string) => proxied(post(beacon(), { 'x-forwarded-for': xff }), { clientAddress: '10.0.0.9' });
    expect((await via('198.51.100.7')).status).toBe(202);
    // The same client writes random addresses on the left; the proxy appended its real one on the right.
    for (let i = 0; i < 5; i++) expect((await via(`192.0.2.${i}, 198.51.100.7`)).status).toBe(429);
    expect((await via('198.51.100.8')).status).toBe(202);
    proxied.close();
  });

  it('keys IPv6 clients by /64: rotating addresses inside one network shares one bucket', async () => {
    const limited = createCollector({ store, allowOrigins: [SHOP], rateLimit: 2, now: () => clock });
    const from = (address: string) => limited(post(beacon()), { clientAddress: address });
    expect((await from('2001:db8:1:2::1')).status).toBe(202);
    expect((await from('2001:db8:1:2::2')).status).toBe(202);
    expect((await from('2001:db8:1:2:ffff::3')).status).toBe(429);
    expect((await from('2001:db8:1:3::1')).status).toBe(202);
    limited.close();
  });

  it('puts clients with no known address in no shared bucket, and says so once in the log', async () => {
    const log: LogEntry[] = [];
    const limited = createCollector({ store, allowOrigins: [SHOP], rateLimit: 1, now: () => clock, log: (e) => log.push(e) });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await limited(post(beacon()))).status);
    expect(statuses).toEqual([202, 202, 202, 202, 202]);
    expect((await limited(post(beacon(), { 'x-forwarded-for': '192.0.2.1' }), { clientAddress: '10.0.0.1' })).status).toBe(202);
    expect(log.map((e) => e.event)).toEqual(['no_client_address', 'forwarded_for_ignored']);
    limited.close();
  });

  it('enforces a daily quota of samples per client', async () => {
    const quota = createCollector({ store, allowOrigins: [SHOP], rateLimit: 0, dailyQuota: 6, now: () => clock });
    const send = () => quota(post(beacon()), { clientAddress: '10.0.0.3' });
    expect([(await send()).status, (await send()).status, (await send()).status]).toEqual([202, 202, 429]);
    expect((await quota(post(beacon()), { clientAddress: '10.0.0.4' })).status).toBe(202);
    clock += 86_400_000;
    expect((await send()).status).toBe(202);
    quota.close();
  });

  it('stores no query string, no fragment and no personal-looking path segment', async () => {
    const pages = ['/u/jane.doe@example.com/orders', '/search?q=secret', '/reset/eyJhbGciOiJIUzI1NiJ9.c2VjcmV0.abc123#x', '/orders/4829133'];
    await handler(post(beacon(pages.map((page) => metric({ page })))));
    const stored = rows().map((r) => r.page);
    expect(stored.sort()).toEqual(['/orders/:number', '/reset/:token', '/search', '/u/:email/orders']);
    expect(JSON.stringify(rows())).not.toMatch(/jane|secret|4829133/);
  });

  it("stores the attribution build's element selectors without personal-looking ids, or as sent when asked", async () => {
    const targets = ['#order-4829133>img', '#jane.doe@example.com>button', 'html>body>main>img.hero'];
    const sent = beacon(targets.map((target) => metric({ page: '/orders', attribution: { target } })));
    expect((await handler(post(sent))).status).toBe(202);
    expect(
      rows()
        .map((r) => r.target)
        .sort(),
    ).toEqual(['#:email>button', '#order-:number>img', 'html>body>main>img.hero']);
    expect(JSON.stringify(rows())).not.toMatch(/jane|4829133/);
    const asSent = createCollector({ store, allowOrigins: [SHOP], rateLimit: 0, redactTargets: [] });
    expect((await asSent(post(beacon([metric({ page: '/orders', attribution: { target: '#order-4829133>img' } })])))).status).toBe(202);
    expect(rows().map((r) => r.target)).toContain('#order-4829133>img');
    asSent.close();
  });

  it('keeps the phases of an interaction web-vitals names no element for, under (unnamed element); nothing for LCP without one', async () => {
    const phases = { inputDelay: 12, processingDuration: 240, presentationDelay: 30 };
    const sent = beacon([
      metric({ name: 'INP', value: 282, delta: 282, page: '/cart', attribution: phases }),
      metric({ name: 'LCP', value: 1800, delta: 1800, page: '/cart', attribution: {} }),
    ]);
    expect((await handler(post(sent))).status).toBe(202);
    const stored = rows().filter((r) => r.page === '/cart');
    expect(stored.map((r) => [r.name, r.target, r.input_delay, r.processing_duration, r.presentation_delay]).sort()).toEqual([
      ['INP', '(unnamed element)', 12, 240, 30],
      ['LCP', null, null, null, null],
    ]);
    const targets = await store.targets({ pages: ['/cart'], since: 0 });
    expect(targets).toEqual([{ page: '/cart', metric: 'INP', target: '(unnamed element)', count: 1, share: 1, p75: expect.any(Number), phases }]);
  });

  it('stores nothing from a browser with Global Privacy Control when asked to respect it', async () => {
    const gpc = createCollector({ store, allowOrigins: [SHOP], respectGpc: true, rateLimit: 0 });
    expect((await gpc(post(beacon(), { 'sec-gpc': '1' }))).status).toBe(204);
    expect(rows()).toEqual([]);
    expect((await handler(post(beacon(), { 'sec-gpc': '1' }))).status).toBe(202);
    gpc.close();
  });

  it('answers only for its own host names, and counts them as its own origin (DNS rebinding)', async () => {
    const strict = createCollector({ store, allowHosts: ['collector.test', 'rum.shop.example.com'], rateLimit: 0 });
    const rebound = new Request('http://attacker.example/api/summary');
    expect((await strict(rebound)).status).toBe(421);
    expect((await strict(post(beacon(), { origin: 'http://collector.test' }))).status).toBe(202);
    expect((await strict(post(beacon(), { origin: 'http://attacker.example' }))).status).toBe(403);
    strict.close();
  });

  it("serves GET /healthz with the store's state: 503 once it cannot write, with the cause logged as a JSON-ready event", async () => {
    const health = await handler(new Request(`${ORIGIN}/healthz`));
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true, store: 'sqlite' });
    const log: LogEntry[] = [];
    const small = openSqliteStore(path.join(tempDir(), 'small.db'), { maxBytes: 64 * 1024 });
    const full = createCollector({ store: small, allowOrigins: [SHOP], rateLimit: 0, log: (e) => log.push(e) });
    let status = 202;
    const long = (i: number) => `/${'p'.repeat(150)}/${i}`;
    for (let i = 0; i < 400 && status === 202; i++) status = (await full(post(beacon([metric({ page: long(i) }), metric({ page: long(i + 1000) })])))).status;
    expect(status).toBe(503);
    const sick = await full(new Request(`${ORIGIN}/healthz`));
    expect(sick.status).toBe(503);
    expect((await sick.json()).error).toMatch(/full/);
    expect(log.find((e) => e.event === 'store_write_failed')).toMatchObject({ level: 'error', code: 'SQLITE_FULL' });
    expect(JSON.stringify(log)).not.toContain('ppppp');
    // Retention frees pages: writes and health recover.
    await small.deleteOlderThan(Date.now() + 2 * 86_400_000);
    expect((await full(post(beacon([metric({ page: '/after' })])))).status).toBe(202);
    expect((await full(new Request(`${ORIGIN}/healthz`))).status).toBe(200);
    full.close();
    await small.close();
  });

  it('keeps the read API behind the token: ?token= only on the dashboard page, which sends no Referer', async () => {
    const api = (query: string, headers: Record<string, string> = {}) => handler(new Request(`${ORIGIN}${query}`, { headers }));
    expect((await api('/api/summary?token=secret')).status).toBe(401);
    expect((await api('/api/aggregates?token=secret')).status).toBe(401);
    expect((await api('/api/summary', { authorization: 'Bearer secret' })).status).toBe(200);
    expect((await api('/', { authorization: 'Bearer secre' })).status).toBe(401);
    const page = await api('/?token=secret');
    expect(page.status).toBe(200);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('answers 503 with Retry-After at once when too many reads wait for the read thread, and logs it', async () => {
    const log: LogEntry[] = [];
    expect((await handler(post(beacon([metric({ page: '/queued' })]), { authorization: 'Bearer wr1te' }))).status).toBe(202);
    const reads = startReadThread({ kind: 'sqlite', file }, { workerFile: READ_WORKER, maxWaiting: 1, now: () => clock });
    const busy = createCollector({ store, allowOrigins: [SHOP], rateLimit: 0, readToken: 'secret', now: () => clock, reads, log: (e) => log.push(e) });
    try {
      const get = () => busy(new Request(`${ORIGIN}/api/summary`, { headers: { authorization: 'Bearer secret' } }));
      const [first, second] = await Promise.all([get(), get()]);
      expect(first.status).toBe(200);
      expect((await first.json()).rows.length).toBeGreaterThan(0);
      expect(second.status).toBe(503);
      expect(second.headers.get('retry-after')).toBe('5');
      expect(await second.json()).toEqual({ error: 'too many reads are waiting; try again shortly' });
      expect(log).toContainEqual(expect.objectContaining({ level: 'warn', event: 'reads_busy' }));
      expect((await get()).status).toBe(200);
    } finally {
      busy.close();
      await reads.close();
    }
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
    expect(mobile).toMatchObject({ page: 'checkout', metric: 'LCP', device: 'mobile', count: 5 });
    const expected = summaryOf(values);
    for (const key of ['p50', 'p75', 'p95'] as const) expect(mobile[key]).toBeCloseTo(expected[key], 6);
    expect(summary.find((r: { device: string }) => r.device === 'all').count).toBe(6);
    expect((await (await get('?device=desktop')).json()).rows).toHaveLength(1);
    expect((await (await get('?since=2026-11-21')).json()).rows).toEqual([]);
    expect((await (await get('?since=2026-11-20')).json()).rows.length).toBeGreaterThan(0);
    expect((await get('?metric=FID')).status).toBe(400);
    expect((await get('?since=yesterday')).status).toBe(400);
  });

  it('keeps what the attribution build names (LCP element, INP target and phases, CLS shift target) and serves it at /api/targets', async () => {
    const phases = { inputDelay: 30, processingDuration: 180, presentationDelay: 50 };
    const sent = beacon([
      metric({ value: 2600, delta: 2600, page: '/product/12345', attribution: { target: 'main>img.hero' } }),
      metric({ name: 'INP', value: 260, delta: 260, page: '/product/12345', attribution: { target: 'button#buy', ...phases } }),
      metric({ name: 'CLS', value: 0.2, delta: 0.2, page: '/product/12345', attribution: { target: 'div.banner' } }),
      metric({ name: 'FCP', value: 900, delta: 900, page: '/product/12345', attribution: { target: 'h1' } }),
    ]);
    expect((await handler(post(sent))).status).toBe(202);
    // Stored under the redacted route name, like every sample; FCP's attribution names no target web-vitals gives.
    expect(rows().map((r) => [r.name, r.page, r.target, r.input_delay])).toEqual(
      expect.arrayContaining([
        ['LCP', '/product/:number', 'main>img.hero', null],
        ['INP', '/product/:number', 'button#buy', 30],
        ['FCP', '/product/:number', null, null],
      ]),
    );
    const reads = startReadThread({ kind: 'sqlite', file }, { workerFile: READ_WORKER, now: () => clock });
    const threaded = createCollector({ store, readToken: 'secret', now: () => clock, reads });
    try {
      for (const collector of [handler, threaded]) {
        const get = (query: string, token = 'secret') =>
          collector(new Request(`${ORIGIN}/api/targets${query}`, { headers: { authorization: `Bearer ${token}` } }));
        expect((await get('', 'wrong')).status).toBe(401);
        const { rows: targets } = await (await get('?page=/product/:number')).json();
        expect(targets).toEqual([
          { page: '/product/:number', metric: 'CLS', target: 'div.banner', count: 1, share: 1, p75: expect.any(Number), phases: null },
          { page: '/product/:number', metric: 'INP', target: 'button#buy', count: 1, share: 1, p75: expect.any(Number), phases },
          { page: '/product/:number', metric: 'LCP', target: 'main>img.hero', count: 1, share: 1, p75: summaryOf([2600]).p75, phases: null },
        ]);
        expect((await (await get('?metric=INP')).json()).rows).toHaveLength(1);
        expect((await (await get('?since=2026-11-21')).json()).rows).toEqual([]);
        for (const bad of ['?metric=FCP', '?limit=0', '?limit=2.5', '?since=soon']) expect((await get(bad)).status).toBe(400);
      }
    } finally {
      threaded.close();
      await reads.close();
    }
  });

  it('renders the dashboard once per --dashboard-max-age however often it is asked for, and at once for new lab results', async () => {
    const counting = countingReads(store);
    let lab: Results | null = null;
    const cached = createCollector({ store: counting.store, readToken: 'secret', dashboardMaxAge: 30, labResults: () => lab, now: () => clock });
    const page = () => cached(new Request(`${ORIGIN}/`, { headers: { authorization: 'Bearer secret' } }));
    try {
      const pages = await Promise.all([page(), page(), page()]);
      expect(pages.map((p) => p.status)).toEqual([200, 200, 200]);
      expect(counting.reads).toBe(1);
      await handler(post(beacon([metric({ value: 1234, delta: 1234, page: 'late-page' })])));
      clock += 29_000;
      const again = await page();
      expect(again.headers.get('age')).toBe('29');
      expect(await again.text()).not.toContain('late-page');
      expect(counting.reads).toBe(1);
      lab = CASES['no-base']!();
      expect(await (await page()).text()).toContain('late-page');
      expect(counting.reads).toBe(2);
      clock += 30_000;
      expect((await page()).headers.get('age')).toBe('0');
      expect(counting.reads).toBe(3);
    } finally {
      cached.close();
    }
  });

  it('renders the dashboard for every request with dashboardMaxAge 0', async () => {
    const counting = countingReads(store);
    const fresh = createCollector({ store: counting.store, readToken: 'secret', dashboardMaxAge: 0, now: () => clock });
    try {
      for (let i = 0; i < 3; i++) expect((await fresh(new Request(`${ORIGIN}/`, { headers: { authorization: 'Bearer secret' } }))).status).toBe(200);
      expect(counting.reads).toBe(3);
    } finally {
      fresh.close();
    }
  });
});
