import { buildDashboard } from '../dashboard.js';
import { renderDashboard } from '../report/dashboard.js';
import type { Results } from '../results.js';
import { describeClient } from './client.js';
import { fromWebRequest, toWebResponse, type ClientContext, type CollectorReply, type CollectorRequest } from './exchange.js';
import type { DeviceClass, FieldStore, StoredSample, SummaryQuery } from './store.js';
import { validateBeacon } from './validate-beacon.js';
import { MAX_BEACON_BYTES, type FieldMetricName } from './wire.js';

export interface CollectorOptions {
  store: FieldStore;
  /** Origins allowed to send beacons from the browser ("*" for any). Requests without Origin, or from the collector's own origin, are always allowed. */
  allowOrigins?: string[];
  /** Beacons per second per client; 0 turns the limit off (default 20). */
  rateLimit?: number;
  /** Behind a reverse proxy: take the client address from X-Forwarded-For (never otherwise). */
  trustProxy?: boolean;
  /** Bearer token required by GET /api/summary, GET /api/samples and the dashboard (GET /?token=...) when set. */
  readToken?: string;
  /** The latest lab results, for the dashboard's lab markers (read on each request). */
  labResults?: () => Results | null;
  /** Days of field data the dashboard shows (default 28). */
  windowDays?: number;
  now?: () => number;
}

export type { ClientContext } from './exchange.js';

/** The collector as a web-standard handler: mounts in node:http, Express, Fastify, Hono, Next.js route handlers or serverless functions. */
export interface CollectorHandler {
  (request: Request, context?: ClientContext): Promise<Response>;
  /** The same routes over a plain exchange: what serveCollector calls, without web Request/Response objects. */
  readonly exchange: (request: CollectorRequest) => Promise<CollectorReply>;
}

const METRICS = new Set<FieldMetricName>(['LCP', 'CLS', 'INP', 'FCP', 'TTFB']);
const DEVICES = new Set<DeviceClass>(['mobile', 'tablet', 'desktop', 'unknown']);
const CONTENT_TYPES = new Set(['text/plain', 'application/json']);
const UTF8 = new TextDecoder('utf-8', { fatal: true });

const json = (status: number, body: unknown, headers: Record<string, string> = {}): CollectorReply => ({
  status,
  headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
  body: JSON.stringify(body),
});
const empty = (status: number, headers: Record<string, string>): CollectorReply => ({ status, headers, body: null });

/** A token bucket per client: `rate` requests per second, bursts up to `rate`. */
function rateLimiter(rate: number, now: () => number) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return (key: string): boolean => {
    if (rate <= 0) return true;
    const t = now();
    if (buckets.size > 50_000) for (const [k, b] of buckets) if (t - b.at > 60_000) buckets.delete(k);
    const bucket = buckets.get(key) ?? { tokens: rate, at: t };
    bucket.tokens = Math.min(rate, bucket.tokens + ((t - bucket.at) / 1000) * rate);
    bucket.at = t;
    buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  };
}

/**
 * The collector: POST /rum (ingest), OPTIONS /rum (CORS preflight), GET /healthz and
 * GET /api/summary. Answers 202 only after the batch holding the beacon is committed; 400 for
 * invalid bodies, 413 above 64 KiB, 415 for other content types, 403 for origins outside the
 * allow-list, 429 beyond the rate limit. Never stores IP addresses; bots and headless browsers
 * get 204 and nothing is stored.
 */
export function createCollector(options: CollectorOptions): CollectorHandler {
  const now = options.now ?? Date.now;
  const allow = new Set(options.allowOrigins ?? []);
  const limited = rateLimiter(options.rateLimit ?? 20, now);

  const originAllowed = (request: CollectorRequest, origin: string | null) =>
    origin === null || allow.has('*') || allow.has(origin) || origin === request.url.origin;
  const cors = (origin: string | null): Record<string, string> => (origin ? { 'access-control-allow-origin': origin, vary: 'Origin' } : {});

  async function ingest(request: CollectorRequest): Promise<CollectorReply> {
    const origin = request.header('origin');
    if (!originAllowed(request, origin)) return json(403, { error: `origin ${origin} is not allowed` });
    const forwarded = options.trustProxy ? request.header('x-forwarded-for')?.split(',')[0]?.trim() : undefined;
    if (!limited(forwarded || request.clientAddress || 'unknown')) return json(429, { error: 'too many beacons from this client' }, { ...cors(origin), 'retry-after': '1' });
    const type = (request.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (!CONTENT_TYPES.has(type)) return json(415, { error: 'send text/plain or application/json' }, cors(origin));
    if (Number(request.header('content-length') ?? 0) > MAX_BEACON_BYTES) return json(413, { error: `body above ${MAX_BEACON_BYTES} bytes` }, cors(origin));
    const body = await request.body(MAX_BEACON_BYTES);
    if (body === null) return json(413, { error: `body above ${MAX_BEACON_BYTES} bytes` }, cors(origin));
    let data: unknown;
    try {
      data = JSON.parse(UTF8.decode(body));
    } catch {
      return json(400, { error: 'body is not UTF-8 JSON' }, cors(origin));
    }
    const checked = validateBeacon(data);
    if (!checked.ok) return json(400, { error: checked.error }, cors(origin));
    const client = describeClient(request.header('user-agent'));
    if (client.bot) return empty(204, cors(origin));
    const receivedAt = now();
    const { beacon } = checked;
    const samples: StoredSample[] = beacon.metrics.map((m) => ({
      metricId: m.id, name: m.name, value: m.value, delta: m.delta, rating: m.rating, navigationType: m.navigationType, page: m.page,
      release: beacon.release ?? null, device: client.device, browser: client.browser, connection: beacon.connection ?? null, receivedAt,
    }));
    try {
      await options.store.insert(samples);
    } catch {
      return json(503, { error: 'storage unavailable; nothing was stored' }, cors(origin));
    }
    return json(202, { stored: samples.length }, cors(origin));
  }

  const authorized = (request: CollectorRequest, url: URL) =>
    !options.readToken || request.header('authorization') === `Bearer ${options.readToken}` || url.searchParams.get('token') === options.readToken;
  const unauthorized = () => json(401, { error: 'send Authorization: Bearer <read token> (or ?token= for the dashboard)' }, { 'www-authenticate': 'Bearer' });
  const windowMs = (options.windowDays ?? 28) * 86_400_000;
  const SAMPLE_LIMIT = 100_000;

  async function dashboard(url: URL, request: CollectorRequest): Promise<CollectorReply> {
    if (!authorized(request, url)) return unauthorized();
    const t = now();
    const data = buildDashboard(await options.store.samples(t - windowMs, SAMPLE_LIMIT), options.labResults?.() ?? null, { title: 'perfgate: lab versus field', windowDays: options.windowDays ?? 28, now: t });
    return {
      status: 200,
      headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:", 'x-content-type-options': 'nosniff' },
      body: renderDashboard(data),
    };
  }

  async function samples(url: URL, request: CollectorRequest): Promise<CollectorReply> {
    if (!authorized(request, url)) return unauthorized();
    const since = Number(url.searchParams.get('since') ?? now() - windowMs);
    if (!Number.isFinite(since)) return json(400, { error: 'since must be milliseconds since the epoch' });
    return json(200, { rows: await options.store.samples(since, SAMPLE_LIMIT) });
  }

  async function summary(url: URL, request: CollectorRequest): Promise<CollectorReply> {
    if (!authorized(request, url)) return unauthorized();
    const query: SummaryQuery = {};
    const page = url.searchParams.get('page');
    const metric = url.searchParams.get('metric');
    const since = url.searchParams.get('since');
    const device = url.searchParams.get('device');
    if (page) query.page = page;
    if (metric) {
      if (!METRICS.has(metric as FieldMetricName)) return json(400, { error: `metric must be one of ${[...METRICS].join(', ')}` });
      query.metric = metric as FieldMetricName;
    }
    if (since) {
      const at = /^\d+$/.test(since) ? Number(since) : Date.parse(since);
      if (!Number.isFinite(at)) return json(400, { error: 'since must be a date (2026-11-01) or milliseconds since the epoch' });
      query.since = at;
    }
    if (device) {
      if (!DEVICES.has(device as DeviceClass)) return json(400, { error: `device must be one of ${[...DEVICES].join(', ')}` });
      query.device = device as DeviceClass;
    }
    return json(200, { rows: await options.store.summary(query) });
  }

  async function exchange(request: CollectorRequest): Promise<CollectorReply> {
    const { url } = request;
    try {
      if (url.pathname === '/rum') {
        const origin = request.header('origin');
        if (request.method === 'POST') return await ingest(request);
        if (request.method === 'OPTIONS') {
          if (!originAllowed(request, origin)) return json(403, { error: `origin ${origin} is not allowed` });
          return empty(204, { ...cors(origin), 'access-control-allow-methods': 'POST, OPTIONS', 'access-control-allow-headers': 'content-type', 'access-control-max-age': '86400' });
        }
        return json(405, { error: 'use POST' }, { allow: 'POST, OPTIONS' });
      }
      if (url.pathname === '/healthz' && request.method === 'GET') return json(200, { ok: true });
      if (url.pathname === '/api/summary' && request.method === 'GET') return await summary(url, request);
      if (url.pathname === '/api/samples' && request.method === 'GET') return await samples(url, request);
      if (url.pathname === '/' && request.method === 'GET') return await dashboard(url, request);
      return json(404, { error: 'not found' });
    } catch {
      return json(500, { error: 'internal error' });
    }
  }

  const web = async (request: Request, context?: ClientContext) => toWebResponse(await exchange(fromWebRequest(request, context)));
  return Object.assign(web, { exchange });
}
