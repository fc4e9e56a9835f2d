import path from 'node:path';
import { loadResults } from '../config/load-results.js';
import { UserError } from '../errors.js';
import { startReadThread } from '../field/read-thread.js';
import { createCollector } from '../field/handler.js';
import { cause, jsonLines } from '../field/log.js';
import { serveCollector } from '../field/node-server.js';
import { openStore } from '../field/open-store.js';
import { DEFAULT_REDACT_RULES, type RedactRule } from '../field/redact-path.js';
import { DEFAULT_SELECTOR_REDACT_RULES, type SelectorRedactRule } from '../field/redact-selector.js';
import type { Io } from '../io.js';
import type { Results } from '../results.js';

export interface CollectorFlags {
  port: number;
  host: string;
  db?: string;
  databaseUrl?: string;
  allowOrigin?: string[];
  allowHost?: string[];
  allowNoOrigin?: boolean;
  rateLimit: number;
  dailyQuota: number;
  trustProxy?: number | boolean;
  readToken?: string;
  metricsToken?: string;
  writeToken?: string;
  publicRead?: boolean;
  redact: boolean;
  redactPattern?: string[];
  respectGpc?: boolean;
  maxConnections: number;
  dashboardPages: number;
  dashboardMaxAge: number;
  retentionDays: number;
  results?: string;
}

const DAY_MS = 86_400_000;
const isLoopback = (host: string) => host === 'localhost' || host === '::1' || host === '[::1]' || /^127\./.test(host);
const bracket = (host: string) => (host.includes(':') && !host.startsWith('[') ? `[${host}]` : host);

/**
 * The redaction rules from the flags, for route names and for element selectors: the defaults plus
 * each --redact-pattern (tested against each path segment, and each name in a selector), or none
 * with --no-redact.
 */
function redactRules(flags: CollectorFlags): { routes: RedactRule[]; targets: SelectorRedactRule[] } {
  if (!flags.redact) return { routes: [], targets: [] };
  const extra = (flags.redactPattern ?? []).map((source): RedactRule => {
    try {
      return { name: `--redact-pattern ${source}`, pattern: new RegExp(source), placeholder: ':redacted' };
    } catch (error) {
      throw new UserError(
        `--redact-pattern ${source}: not a regular expression (${(error as Error).message}); write one that matches a whole path segment, e.g. '^[A-Z]{2}\\d{6}$'.`,
      );
    }
  });
  return {
    routes: [...DEFAULT_REDACT_RULES, ...extra],
    // Yours first: a default rule replaces parts of a name (its digits), and yours test names whole.
    targets: [...extra.map((rule) => ({ ...rule, scope: 'piece' as const })), ...DEFAULT_SELECTOR_REDACT_RULES],
  };
}

/**
 * `perfgate collector`: the field data endpoint. Logs one JSON line per event to stderr. Runs until
 * SIGTERM or Ctrl-C, then stops taking requests, lets the ones in flight finish, commits the last
 * batch and exits 0.
 */
export async function collectorCommand(flags: CollectorFlags, io: Io): Promise<number> {
  const log = jsonLines((line) => io.stderr.write(line));
  const readToken = flags.readToken ?? io.env.PERFGATE_READ_TOKEN;
  const writeToken = flags.writeToken ?? io.env.PERFGATE_WRITE_TOKEN;
  const metricsToken = flags.metricsToken ?? io.env.PERFGATE_METRICS_TOKEN;
  const loopback = isLoopback(flags.host);
  // Behind a reverse proxy of your own, the public reaches the collector however it listens.
  const proxied = Boolean(flags.trustProxy);
  if ((!loopback || proxied) && !readToken && !flags.publicRead) {
    const where = loopback ? '--trust-proxy: behind a reverse proxy, the public reaches the collector, so' : `--host ${flags.host}: off loopback`;
    throw new UserError(
      `perfgate collector ${where} the dashboard and /api/* would show your field data to anyone. Set --read-token (or PERFGATE_READ_TOKEN), or pass --public-read to publish it on purpose.`,
    );
  }
  const redact = redactRules(flags);
  const { store, description, location } = await openStore({
    db: flags.db,
    databaseUrl: flags.databaseUrl ?? io.env.DATABASE_URL,
    cwd: io.cwd,
    onError: (event, error) => log({ level: 'error', event, message: 'the database reported an error', ...cause(error) }),
  });
  const resultsFile = flags.results ? path.resolve(io.cwd, flags.results) : null;
  // The dashboard's lab side: the results file as it is now (a CI job may replace it), or none while it is missing or broken.
  const labResults = (): Results | null => {
    try {
      return resultsFile ? loadResults(resultsFile) : null;
    } catch {
      return null;
    }
  };
  // Reads (the API's and the dashboard's) run on a worker thread with its own read connection: never on the thread that answers beacons.
  const reads = startReadThread(location, {
    onError: (event, error) => log({ level: 'error', event, message: 'the collector’s read thread reported an error', ...cause(error) }),
  });
  // Read on each request: filled in below once the port is known.
  const allowHosts = [...(flags.allowHost ?? [])];
  const handler = createCollector({
    store,
    allowOrigins: flags.allowOrigin ?? [],
    allowHosts,
    allowNoOrigin: flags.allowNoOrigin,
    rateLimit: flags.rateLimit,
    dailyQuota: flags.dailyQuota,
    trustProxy: flags.trustProxy,
    readToken,
    metricsToken,
    writeToken,
    redact: redact.routes,
    redactTargets: redact.targets,
    respectGpc: flags.respectGpc,
    labResults,
    dashboardPages: flags.dashboardPages,
    dashboardMaxAge: flags.dashboardMaxAge,
    reads,
    log,
  });
  // Hourly (and before listening): retention, then the p75 of days that ended, which the dashboard charts.
  const retention = async () => {
    try {
      const deleted = await store.deleteOlderThan(Date.now() - flags.retentionDays * DAY_MS);
      if (deleted > 0) log({ level: 'info', event: 'retention', message: `deleted ${deleted} samples older than ${flags.retentionDays} days`, deleted });
    } catch (error) {
      log({ level: 'error', event: 'retention_failed', message: 'old samples were not deleted; trying again in an hour', ...cause(error) });
    }
    try {
      await store.keepDailyP75();
    } catch (error) {
      log({
        level: 'error',
        event: 'daily_p75_failed',
        message: 'the daily p75 of ended days was not kept (the dashboard computes it); trying again in an hour',
        ...cause(error),
      });
    }
  };
  await retention();
  const timer = setInterval(() => void retention(), DAY_MS / 24);
  timer.unref();
  let server: Awaited<ReturnType<typeof serveCollector>>;
  try {
    server = await serveCollector(handler, { port: flags.port, host: flags.host, limits: { maxConnections: flags.maxConnections } });
  } catch (error) {
    clearInterval(timer);
    handler.close();
    await reads.close();
    await store.close();
    throw error;
  }
  const port = new URL(server.url).port;
  if (allowHosts.length === 0 && loopback) allowHosts.push(`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `${bracket(flags.host)}:${port}`);
  log({
    level: 'info',
    event: 'listening',
    url: server.url,
    store: description,
    message: `perfgate collector listening on ${server.url} (${description}; POST /rum, GET /healthz, GET /api/summary, GET /, GET /metrics${readToken ? ' with a read token' : ''}${metricsToken ? '; /metrics also with the metrics token' : ''})`,
  });
  if (!readToken) log({ level: 'warn', event: 'read_api_open', message: `no read token: the dashboard and /api/* answer anyone who reaches ${server.url}` });
  // On loopback the default names are the collector's own addresses, which a proxy's Host is not.
  if (proxied && loopback && (flags.allowHost ?? []).length === 0)
    log({
      level: 'warn',
      event: 'proxy_without_host',
      message: `--trust-proxy without --allow-host: the collector answers only for ${allowHosts.join(', ')}, so a proxy that passes the public host name on (nginx's proxy_set_header Host $host, Caddy's default) gets 421 for every beacon. List the names it is reached by with --allow-host`,
    });
  if (allowHosts.length === 0)
    log({
      level: 'warn',
      event: 'any_host',
      message: 'no --allow-host: any Host header is answered and the collector has no own origin; list the names it is reached by',
    });
  await new Promise<void>((resolve) => {
    if (io.signal?.aborted) return resolve();
    io.signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  log({ level: 'info', event: 'stopping', message: 'perfgate collector: stopping; finishing requests in flight and committing the last batch' });
  clearInterval(timer);
  await server.close();
  await reads.close();
  await store.close();
  log({ level: 'info', event: 'stopped', message: 'perfgate collector: stopped' });
  return 0;
}
