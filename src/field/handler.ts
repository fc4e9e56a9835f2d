import { CHARTED_METRICS, FIELD_METRIC_NAMES } from '../field-metrics.js';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Results } from '../results.js';
import { VERSION } from '../version.js';
import { describeClient } from './client.js';
import { ReadsBusy, ReadsSlow, readsInThread, type CollectorReads } from './collector-reads.js';
import type { RenderedDashboard } from './dashboard-page.js';
import { clientKey, forwardedClient } from './client-key.js';
import { CollectorMetrics, metricRoute } from './collector-metrics.js';
import { fromWebRequest, toWebResponse, type ClientContext, type CollectorReply, type CollectorRequest } from './exchange.js';
import { cause, once, type Log } from './log.js';
import { DailyQuota, RateLimiter } from './rate-limiter.js';
import { DEFAULT_REDACT_RULES, redactPath, type RedactRule } from './redact-path.js';
import { UNNAMED_TARGET } from './target-deltas.js';
import { DEFAULT_SELECTOR_REDACT_RULES, type SelectorRedactRule, selectorRedaction } from './redact-selector.js';
import { DAY_MS, type DeviceClass, type FieldStore, type StoredSample, type SummaryQuery, type TargetQuery } from './store.js';
import { SharedRender } from './shared-render.js';
import { validateBeacon } from './validate-beacon.js';
import { MAX_BEACON_BYTES, type BeaconMetric, type FieldMetricName } from './wire.js';

export interface CollectorOptions {
  store: FieldStore;
  /** Origins allowed to send beacons from the browser ("*" for any). The collector's own origin (a host in allowHosts) is always allowed. */
  allowOrigins?: string[];
  /** Host[:port] names the collector answers to; any other Host header gets 421 (DNS rebinding). Empty: any Host, and no own origin. */
  allowHosts?: string[];
  /** Beacons per second per client (an IPv4 address or an IPv6 /64); 0 turns the limit off (default 20). */
  rateLimit?: number;
  /** Samples per client per UTC day; 0 (default) for no quota. */
  dailyQuota?: number;
  /** Reverse proxies of your own in front of the collector: the client is the X-Forwarded-For entry that many hops from the right. 0 (default): the socket address. */
  trustProxy?: number | boolean;
  /** Bearer token for GET /api/* and the dashboard (also as ?token= on the dashboard page only), and GET /metrics. */
  readToken?: string;
  /**
   * Bearer token for GET /metrics alone: a scraper's, which opens no field data. /metrics answers
   * either token, and anyone only when neither is set.
   */
  metricsToken?: string;
  /** Bearer token that lets a client without an Origin header (an app, a server-side relay) send beacons. */
  writeToken?: string;
  /** Accept beacons without an Origin header and without the write token (default false: browsers always send Origin). */
  allowNoOrigin?: boolean;
  /** Route name redaction before storage (default DEFAULT_REDACT_RULES); [] keeps paths as sent, minus query and fragment. */
  redact?: readonly RedactRule[];
  /** Redaction of the attribution build's element selectors before storage (default DEFAULT_SELECTOR_REDACT_RULES); [] keeps them as sent. */
  redactTargets?: readonly SelectorRedactRule[];
  /** Store nothing from browsers that send Sec-GPC: 1 (Global Privacy Control). */
  respectGpc?: boolean;
  /** The latest lab results, for the dashboard's lab markers (read on each request). */
  labResults?: () => Results | null;
  /** Days of field data the dashboard shows (default 28). */
  windowDays?: number;
  /** Pages the dashboard shows, most samples first (default 50). */
  dashboardPages?: number;
  /**
   * Seconds a rendered dashboard is served again before the next one is rendered (default 30; 0
   * renders for every request). Readers asking while one renders wait for it: however often the
   * dashboard is asked for, the database renders it at most once per this many seconds.
   */
  dashboardMaxAge?: number;
  /** Where the reads (/api/summary, /api/aggregates, the dashboard) run: default in this thread, from `store`; the CLI's run on a worker thread (read-thread.ts). */
  reads?: CollectorReads;
  /** Where events go (JSON lines from the CLI); default nowhere. */
  log?: Log;
  now?: () => number;
}

export type { ClientContext } from './exchange.js';

/** The collector as a web-standard handler: mounts in node:http, Express, Fastify, Hono, Next.js route handlers or serverless functions. */
export interface CollectorHandler {
  (request: Request, context?: ClientContext): Promise<Response>;
  /** The same routes over a plain exchange: what serveCollector calls, without web Request/Response objects. */
  readonly exchange: (request: CollectorRequest) => Promise<CollectorReply>;
  /** Stops the rate limiter's sweep timer. */
  readonly close: () => void;
}

const METRICS = new Set<FieldMetricName>(FIELD_METRIC_NAMES);
const DEVICES = new Set<DeviceClass>(['mobile', 'tablet', 'desktop', 'unknown']);
const CONTENT_TYPES = new Set(['text/plain', 'application/json']);
const UTF8 = new TextDecoder('utf-8', { fatal: true });
/** The metrics whose attribution names a target (the LCP element, the INP interaction target, the CLS largest shift target). */
const TARGETED = new Set<FieldMetricName>(CHARTED_METRICS);
/** Most targets per page and metric /api/targets returns. */
const MAX_TARGETS_PER_QUERY = 50;

/** A metric's attribution target (redacted by `redact`) and INP phases as the stores keep them; nothing for a metric that names no target. */
function attributionOf(m: BeaconMetric, redact: (selector: string) => string): Pick<StoredSample, 'target' | 'phases'> {
  const a = m.attribution;
  if (!a || !TARGETED.has(m.name)) return {};
  const { inputDelay, processingDuration, presentationDelay } = a;
  const phases =
    m.name === 'INP' && inputDelay !== undefined && processingDuration !== undefined && presentationDelay !== undefined
      ? { inputDelay, processingDuration, presentationDelay }
      : null;
  if (a.target) return { target: redact(a.target), phases };
  // An interaction whose element web-vitals could not name still has its phases.
  return phases ? { target: UNNAMED_TARGET, phases } : {};
}

/** Most pages one read may name (the dashboard's page limit, or page parameters of /api/summary). */
const MAX_PAGES_PER_QUERY = 500;

const json = (status: number, body: unknown, headers: Record<string, string> = {}): CollectorReply => ({
  status,
  headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
  body: JSON.stringify(body),
});
const empty = (status: number, headers: Record<string, string>): CollectorReply => ({ status, headers, body: null });

/** Compares a presented secret with the expected one in constant time (both hashed to one length first). */
function sameSecret(presented: string | null | undefined, expected: string): boolean {
  if (!presented) return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

const bearer = (request: CollectorRequest) => /^Bearer\s+(.+)$/i.exec(request.header('authorization') ?? '')?.[1]?.trim() ?? null;

/** A time given as a date (2026-11-01) or ms since the epoch; null when it is neither. */
function parseTime(text: string): number | null {
  const at = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  return Number.isFinite(at) ? at : null;
}

/**
 * The collector: POST /rum (ingest), OPTIONS /rum (CORS preflight), GET /healthz, GET /api/summary,
 * GET /api/aggregates, GET /api/targets, the dashboard at GET / and its own metrics at GET /metrics.
 * Answers 202 only after the batch holding the beacon is committed; 400 for invalid bodies, 413 above 64 KiB, 415 for other content types, 403
 * for origins outside the allow-list or no Origin without the write token, 421 for a Host outside
 * allowHosts, 429 beyond the rate limit or the daily quota, 503 (with Retry-After) when the store
 * cannot write. Never stores IP addresses, query strings or personal-looking path segments; bots,
 * headless browsers, requests without a User-Agent and (with respectGpc) Sec-GPC: 1 get 204 and
 * nothing is stored.
 */
export function createCollector(options: CollectorOptions): CollectorHandler {
  const now = options.now ?? Date.now;
  const log: Log = options.log ?? (() => undefined);
  const warnOnce = once(log);
  const metrics = new CollectorMetrics();
  const allow = new Set(options.allowOrigins ?? []);
  const hops = options.trustProxy === true ? 1 : Number(options.trustProxy || 0);
  const limiter = new RateLimiter(options.rateLimit ?? 20, { maxKeys: 100_000, now });
  limiter.start();
  const quota = new DailyQuota(options.dailyQuota ?? 0, { maxKeys: 100_000, now });
  const redact = options.redact ?? DEFAULT_REDACT_RULES;
  const redactTarget = selectorRedaction(options.redactTargets ?? DEFAULT_SELECTOR_REDACT_RULES);

  // Read on each request (the CLI fills it in once the port is known); a short list.
  const hostAllowed = (host: string) => (options.allowHosts ?? []).some((h) => h.toLowerCase() === host.toLowerCase());
  const ownOrigin = (origin: string) => URL.canParse(origin) && hostAllowed(new URL(origin).host);
  const originAllowed = (origin: string | null) => origin !== null && (allow.has('*') || allow.has(origin) || ownOrigin(origin));
  const cors = (origin: string | null): Record<string, string> =>
    origin && originAllowed(origin) ? { 'access-control-allow-origin': origin, vary: 'Origin' } : {};

  /** The rate-limit key of the request's client, or null when its address is unknown. */
  function keyOf(request: CollectorRequest): string | null {
    const forwarded = request.header('x-forwarded-for');
    if (forwarded && hops === 0) {
      warnOnce({
        level: 'warn',
        event: 'forwarded_for_ignored',
        message:
          'requests carry X-Forwarded-For but --trust-proxy is off: every client behind that proxy shares one rate limit. Set --trust-proxy to the number of your proxies.',
      });
    }
    const key = clientKey(forwardedClient(request.clientAddress, forwarded, hops));
    if (key === null && (options.rateLimit ?? 20) > 0) {
      warnOnce({
        level: 'warn',
        event: 'no_client_address',
        message: 'a request came without a client address: it is not rate-limited (pass { clientAddress } to the handler, or trust your proxy)',
      });
    }
    return key;
  }

  async function ingest(request: CollectorRequest): Promise<CollectorReply> {
    const origin = request.header('origin');
    if (origin === null) {
      const token = bearer(request);
      if (!(options.allowNoOrigin || (options.writeToken && sameSecret(token, options.writeToken)))) {
        return json(403, { error: 'no Origin header: browsers send one; other clients need Authorization: Bearer <write token>' });
      }
    } else if (!originAllowed(origin)) return json(403, { error: `origin ${origin} is not allowed` });
    const key = keyOf(request);
    if (key !== null && !limiter.take(key)) return json(429, { error: 'too many beacons from this client' }, { ...cors(origin), 'retry-after': '1' });
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
    if (options.respectGpc && request.header('sec-gpc')?.trim() === '1') return empty(204, cors(origin));
    const { beacon } = checked;
    if (key !== null && !quota.add(key, beacon.metrics.length)) {
      return json(
        429,
        { error: 'this client sent its samples for today' },
        { ...cors(origin), 'retry-after': String(Math.ceil((DAY_MS - (now() % DAY_MS)) / 1000)) },
      );
    }
    const receivedAt = now();
    const samples: StoredSample[] = beacon.metrics.map((m) => ({
      metricId: m.id,
      name: m.name,
      value: m.value,
      delta: m.delta,
      rating: m.rating,
      navigationType: m.navigationType,
      page: redactPath(m.page, redact),
      release: beacon.release ?? null,
      device: client.device,
      browser: client.browser,
      connection: beacon.connection ?? null,
      receivedAt,
      ...attributionOf(m, redactTarget),
    }));
    metrics.writing(samples.length);
    const handedAt = performance.now();
    try {
      await options.store.insert(samples);
      metrics.written(samples.length, (performance.now() - handedAt) / 1000, true);
    } catch (error) {
      metrics.written(samples.length, (performance.now() - handedAt) / 1000, false);
      log({ level: 'error', event: 'store_write_failed', message: 'a batch was not stored; its clients got 503', ...cause(error) });
      return json(503, { error: 'storage unavailable; nothing was stored' }, { ...cors(origin), 'retry-after': '5' });
    }
    return json(202, { stored: samples.length }, cors(origin));
  }

  const authorized = (request: CollectorRequest, tokenInQuery: boolean) =>
    !options.readToken ||
    sameSecret(bearer(request), options.readToken) ||
    (tokenInQuery && sameSecret(request.url.searchParams.get('token'), options.readToken));
  const unauthorized = (page: boolean) =>
    json(401, { error: `send Authorization: Bearer <read token>${page ? ' (or ?token= on this page)' : ''}` }, { 'www-authenticate': 'Bearer' });
  const windowDays = options.windowDays ?? 28;

  const dashboards = new SharedRender<RenderedDashboard>((options.dashboardMaxAge ?? 30) * 1000, now);

  const reads = options.reads ?? readsInThread(options.store);

  async function dashboard(request: CollectorRequest): Promise<CollectorReply> {
    if (!authorized(request, true)) return unauthorized(true);
    const lab = options.labResults?.() ?? null;
    // New lab results make a new dashboard at once; new field data shows within dashboardMaxAge.
    const { value, ageMs } = await dashboards.get(lab?.createdAt ?? '', () =>
      reads.dashboard({ lab, now: now(), windowDays, pageLimit: options.dashboardPages ?? 50, title: 'perfgate: lab versus field' }),
    );
    const gzip = /\bgzip\b/.test(request.header('accept-encoding') ?? '');
    return {
      status: 200,
      headers: {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        vary: 'accept-encoding',
        ...(gzip ? { 'content-encoding': 'gzip' } : {}),
        age: String(Math.floor(ageMs / 1000)),
        'referrer-policy': 'no-referrer',
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
      },
      body: gzip ? value.gzip : value.html,
    };
  }

  async function aggregates(url: URL, request: CollectorRequest): Promise<CollectorReply> {
    if (!authorized(request, false)) return unauthorized(false);
    const since = parseTime(url.searchParams.get('since') ?? String(now() - windowDays * DAY_MS));
    if (since === null) return json(400, { error: 'since must be a date (2026-11-01) or milliseconds since the epoch' });
    const pages = Number(url.searchParams.get('pages') ?? options.dashboardPages ?? 50);
    if (!Number.isInteger(pages) || pages < 1 || pages > MAX_PAGES_PER_QUERY)
      return json(400, { error: `pages must be a whole number from 1 to ${MAX_PAGES_PER_QUERY}` });
    const include = url.searchParams.getAll('include').slice(0, MAX_PAGES_PER_QUERY);
    return json(200, await reads.aggregates({ since, pageLimit: pages, alwaysInclude: include }));
  }

  async function targets(url: URL, request: CollectorRequest): Promise<CollectorReply> {
    if (!authorized(request, false)) return unauthorized(false);
    const pages = url.searchParams.getAll('page');
    if (pages.length > MAX_PAGES_PER_QUERY) return json(400, { error: `at most ${MAX_PAGES_PER_QUERY} page parameters` });
    const since = parseTime(url.searchParams.get('since') ?? String(now() - windowDays * DAY_MS));
    if (since === null) return json(400, { error: 'since must be a date (2026-11-01) or milliseconds since the epoch' });
    const query: TargetQuery = { since, ...(pages.length ? { pages } : {}) };
    const metric = url.searchParams.get('metric');
    if (metric) {
      if (!TARGETED.has(metric as FieldMetricName)) return json(400, { error: `metric must be one of ${[...TARGETED].join(', ')}` });
      query.metric = metric as FieldMetricName;
    }
    const limit = url.searchParams.get('limit');
    if (limit !== null) {
      query.limit = Number(limit);
      if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > MAX_TARGETS_PER_QUERY)
        return json(400, { error: `limit must be a whole number from 1 to ${MAX_TARGETS_PER_QUERY}` });
    }
    return json(200, { rows: await reads.targets(query) });
  }

  async function summary(url: URL, request: CollectorRequest): Promise<CollectorReply> {
    if (!authorized(request, false)) return unauthorized(false);
    const query: SummaryQuery = {};
    const pages = url.searchParams.getAll('page');
    const metric = url.searchParams.get('metric');
    const since = url.searchParams.get('since');
    const device = url.searchParams.get('device');
    if (pages.length > MAX_PAGES_PER_QUERY) return json(400, { error: `at most ${MAX_PAGES_PER_QUERY} page parameters` });
    if (pages.length === 1) query.page = pages[0];
    else if (pages.length > 1) query.pages = pages;
    if (metric) {
      if (!METRICS.has(metric as FieldMetricName)) return json(400, { error: `metric must be one of ${[...METRICS].join(', ')}` });
      query.metric = metric as FieldMetricName;
    }
    if (since) {
      const at = parseTime(since);
      if (at === null) return json(400, { error: 'since must be a date (2026-11-01) or milliseconds since the epoch' });
      query.since = at;
    }
    if (device) {
      if (device !== 'all' && !DEVICES.has(device as DeviceClass)) return json(400, { error: `device must be all or one of ${[...DEVICES].join(', ')}` });
      query.device = device as DeviceClass | 'all';
    }
    return json(200, { rows: await reads.summary(query) });
  }

  async function health(): Promise<CollectorReply> {
    const state = await options.store.health();
    return json(state.ok ? 200 : 503, state);
  }

  /** Whether a request may read /metrics: with a metrics token, it or the read token; without one, as the read API. */
  const scraper = (request: CollectorRequest) => {
    if (!options.metricsToken) return authorized(request, false);
    const token = bearer(request);
    return sameSecret(token, options.metricsToken) || (Boolean(options.readToken) && sameSecret(token, options.readToken as string));
  };

  /** The collector's own metrics, for its operator's monitoring, behind the read token or the metrics token. */
  async function metricsPage(request: CollectorRequest): Promise<CollectorReply> {
    if (!scraper(request))
      return json(401, { error: `send Authorization: Bearer <${options.metricsToken ? 'metrics token' : 'read token'}>` }, { 'www-authenticate': 'Bearer' });
    const state = await options.store.health();
    const body = metrics.render({
      storeUp: state.ok,
      store: state.store,
      version: VERSION,
      residentBytes: process.memoryUsage.rss(),
      startSeconds: Math.round(performance.timeOrigin / 1000),
    });
    return { status: 200, headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'cache-control': 'no-store' }, body };
  }

  /** Answers a request, and counts it by route and status. */
  async function exchange(request: CollectorRequest): Promise<CollectorReply> {
    const reply = await answer(request);
    metrics.request(metricRoute(request.method, request.url.pathname), reply.status);
    return reply;
  }

  async function answer(request: CollectorRequest): Promise<CollectorReply> {
    const { url } = request;
    if ((options.allowHosts ?? []).length > 0 && !hostAllowed(url.host)) {
      // Once: a proxy that passes on a name not listed loses every beacon, and says so only here.
      warnOnce({
        level: 'warn',
        event: 'host_refused',
        message: `refused a request for host ${url.host.slice(0, 200)} (421): the collector answers only for ${(options.allowHosts ?? []).join(', ')}. If it is reached by that name (through a proxy that passes the Host header on), list it: --allow-host ${url.host.slice(0, 200)} (allowHosts of createCollector)`,
      });
      return json(421, { error: `this collector does not answer for host ${url.host}` });
    }
    try {
      if (url.pathname === '/rum') {
        if (request.method === 'POST') return await ingest(request);
        if (request.method === 'OPTIONS') {
          const origin = request.header('origin');
          if (!originAllowed(origin)) return json(403, { error: `origin ${origin} is not allowed` });
          return empty(204, {
            ...cors(origin),
            'access-control-allow-methods': 'POST, OPTIONS',
            'access-control-allow-headers': 'content-type',
            'access-control-max-age': '86400',
          });
        }
        return json(405, { error: 'use POST' }, { allow: 'POST, OPTIONS' });
      }
      if (request.method !== 'GET') return json(405, { error: 'use GET' }, { allow: 'GET' });
      if (url.pathname === '/healthz') return await health();
      if (url.pathname === '/api/summary') return await summary(url, request);
      if (url.pathname === '/api/aggregates') return await aggregates(url, request);
      if (url.pathname === '/api/targets') return await targets(url, request);
      if (url.pathname === '/') return await dashboard(request);
      if (url.pathname === '/metrics') return await metricsPage(request);
      return json(404, { error: 'not found' });
    } catch (error) {
      if (error instanceof ReadsBusy) {
        log({ level: 'warn', event: 'reads_busy', message: `${request.method} ${url.pathname} refused: ${error.message}` });
        return json(503, { error: 'too many reads are waiting; try again shortly' }, { 'retry-after': '5' });
      }
      if (error instanceof ReadsSlow) {
        log({
          level: 'warn',
          event: 'reads_slow',
          message: `${request.method} ${url.pathname} answered 503: ${error.message} (reads yield to everything else on the machine; are its cores busy with other work?)`,
        });
        return json(503, { error: 'the read took too long; try again shortly' }, { 'retry-after': '5' });
      }
      log({ level: 'error', event: 'request_failed', message: `${request.method} ${url.pathname} failed`, ...cause(error) });
      return json(500, { error: 'internal error' });
    }
  }

  const web = async (request: Request, context?: ClientContext) => toWebResponse(await exchange(fromWebRequest(request, context)));
  return Object.assign(web, { exchange, close: () => limiter.stop() });
}
