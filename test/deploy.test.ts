import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import http from 'node:http';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { beacon, CHROME_UA } from './field/beacons.js';
import { readExposition } from './field/exposition.js';
import { listenOnLoopback, ROOT, runCli, tempDir, waitUntil } from './helpers.js';

const NAME = 'rum.example.test';
const SHOP = 'https://shop.example.com';
const READ_TOKEN = 'r3ad-t0ken';
/** Debian's nginx, also where /usr/sbin is not on the PATH. */
const NGINX = existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx';

/** Replaces `from` in `text`, which must hold it exactly `times` times: the shipped file's shape is part of what is tested. */
function replaced(text: string, from: string | RegExp, to: string, times = 1): string {
  const found = typeof from === 'string' ? text.split(from).length - 1 : (text.match(new RegExp(from.source, 'g')) ?? []).length;
  expect(found, `${String(from)} in the shipped file`).toBe(times);
  return typeof from === 'string' ? text.split(from).join(to) : text.replace(new RegExp(from.source, 'g'), to);
}

/** A free loopback port (taken and given back). */
async function freePort(): Promise<number> {
  const server = http.createServer();
  const url = await listenOnLoopback(server);
  await new Promise((resolve) => server.close(resolve));
  return Number(new URL(url).port);
}

/** The shipped unit's collector arguments: its ExecStart after the binary. */
function execStartArgs(): string[] {
  const unit = readFileSync(path.join(ROOT, 'deploy/perfgate-collector.service'), 'utf8');
  const line = unit.split('\n').find((l) => l.startsWith('ExecStart='));
  const [binary, ...args] = (line ?? '').slice('ExecStart='.length).split(' ');
  expect(binary).toBe('/opt/perfgate/node_modules/.bin/perfgate');
  return args;
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One request through nginx, as a browser on `from` (a loopback address of its own) would make it to the collector's public name. */
function request(
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string; from?: string; tls?: { ca: string } },
): Promise<Answer> {
  const send = options.tls ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const req = send(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: { host: NAME, ...options.headers },
        localAddress: options.from ?? '127.0.0.1',
        agent: false,
        ...(options.tls ? { ca: options.tls.ca, servername: NAME } : {}),
      },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A beacon as the snippet sends it from the shop's pages. */
const beaconFrom = (headers: Record<string, string> = {}) => ({
  method: 'POST',
  path: '/rum',
  headers: { 'content-type': 'text/plain;charset=UTF-8', 'user-agent': CHROME_UA, origin: SHOP, ...headers },
  body: JSON.stringify(beacon()),
});

/** The loopback ports a proxy listens on (for 80 and 443), and the folder of the test's files. */
interface ProxySetup {
  dir: string;
  httpPort: number;
  httpsPort: number;
}

/**
 * A reverse proxy as shipped in deploy/: its file with only the test's names, ports and paths put in
 * (each replacement must match, so the shipped file's shape is tested), checked by the proxy itself,
 * then started. `start` gets the collector's port, which stands as 8787 in the shipped file.
 */
interface Proxy {
  name: string;
  /** What it does with X-Forwarded-For, for the test's name. */
  forwarded: string;
  /** Who answers a beacon that says it is larger than 64 KiB: nginx itself, or (Caddy passes its Content-Length on) the collector. */
  refusesLargeBody: 'proxy' | 'collector';
  start(setup: ProxySetup, collectorPort: string): ChildProcess;
  stop(child: ChildProcess): void;
}

const NGINX_PROXY: Proxy = {
  name: 'nginx (deploy/nginx.conf)',
  forwarded: 'the address nginx appends',
  refusesLargeBody: 'proxy',
  start({ dir, httpPort, httpsPort }, collectorPort) {
    let conf = readFileSync(path.join(ROOT, 'deploy/nginx.conf'), 'utf8');
    conf = replaced(conf, 'rum.example.com', NAME, 5);
    conf = replaced(conf, `/etc/letsencrypt/live/${NAME}/`, `${dir}/`, 2);
    conf = replaced(conf, 'listen 80;', `listen 127.0.0.1:${httpPort};`);
    conf = replaced(conf, 'listen 443 ssl http2;', `listen 127.0.0.1:${httpsPort} ssl http2;`);
    conf = replaced(conf, /\n\s*listen \[::\]:\d+[^;]*;/, '', 2); // no IPv6 on every test machine
    conf = replaced(conf, 'server 127.0.0.1:8787;', `server 127.0.0.1:${collectorPort};`);
    writeFileSync(path.join(dir, 'perfgate.conf'), conf);
    const temp = (name: string) => `${name}_temp_path ${dir}/${name};`;
    writeFileSync(
      path.join(dir, 'main.conf'),
      [
        'daemon off;',
        'worker_processes 1;',
        `pid ${dir}/nginx.pid;`,
        `error_log ${dir}/error.log warn;`,
        'events { worker_connections 64; }',
        `http { access_log ${dir}/access.log; ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join(' ')}`,
        `  include ${dir}/perfgate.conf; }`,
      ].join('\n'),
    );
    const args = ['-p', dir, '-e', path.join(dir, 'error.log'), '-c', path.join(dir, 'main.conf')];
    execFileSync(NGINX, [...args, '-t'], { stdio: 'pipe' });
    return spawn(NGINX, args, { stdio: 'ignore' });
  },
  stop: (child) => child.kill('SIGQUIT'),
};

const CADDY_PROXY: Proxy = {
  name: 'Caddy (deploy/Caddyfile)',
  forwarded: 'the address Caddy writes',
  refusesLargeBody: 'collector',
  start({ dir, httpPort, httpsPort }, collectorPort) {
    let conf = readFileSync(path.join(ROOT, 'deploy/Caddyfile'), 'utf8');
    // The test's own ports on loopback, no admin endpoint, its storage in the test's folder; a
    // certificate of the test's instead of one from Let's Encrypt.
    conf = replaced(
      conf,
      '{\n\tservers {',
      `{\n\tadmin off\n\tdefault_bind 127.0.0.1\n\thttp_port ${httpPort}\n\thttps_port ${httpsPort}\n\tstorage file_system {\n\t\troot ${dir}/caddy\n\t}\n\tservers {`,
    );
    conf = replaced(conf, '\nrum.example.com {\n', `\n${NAME} {\n\ttls ${dir}/fullchain.pem ${dir}/privkey.pem\n`);
    conf = replaced(conf, 'reverse_proxy 127.0.0.1:8787 {', `reverse_proxy 127.0.0.1:${collectorPort} {`);
    const file = path.join(dir, 'Caddyfile');
    writeFileSync(file, conf);
    const env = { ...process.env, HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir };
    execFileSync('caddy', ['validate', '--config', file, '--adapter', 'caddyfile'], { stdio: 'pipe', env, cwd: dir });
    return spawn('caddy', ['run', '--config', file, '--adapter', 'caddyfile'], { stdio: 'ignore', env, cwd: dir });
  },
  stop: (child) => child.kill('SIGTERM'),
};

describe('deploy/: the collector as its shipped systemd unit starts it, behind a real proxy with its shipped config', () => {
  it.each([NGINX_PROXY, CADDY_PROXY])(
    '$name: takes beacons over TLS, rate-limits each real client by $forwarded (not one the client wrote), guards the read API',
    async (proxy) => {
      const dir = tempDir('perfgate-deploy-');
      // A certificate for the collector's public name, as Let's Encrypt would give one.
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:prime256v1',
          '-nodes',
          '-days',
          '1',
          '-subj',
          `/CN=${NAME}`,
          '-addext',
          `subjectAltName=DNS:${NAME}`,
          '-keyout',
          path.join(dir, 'privkey.pem'),
          '-out',
          path.join(dir, 'fullchain.pem'),
        ],
        { stdio: 'pipe' },
      );
      const tls = { ca: readFileSync(path.join(dir, 'fullchain.pem'), 'utf8') };
      // The unit's flags as they are, the test's own port, database and name; a rate limit of 1 per
      // second (instead of 20) so that a second beacon within the second is refused.
      const args = execStartArgs().map((arg) =>
        arg === '8787' ? '0' : arg === '/var/lib/perfgate/field.db' ? path.join(dir, 'field.db') : arg === 'rum.example.com' ? NAME : arg,
      );
      expect(args.slice(0, 1)).toEqual(['collector']);
      expect(args).toContain(SHOP);
      const setup = { dir, httpPort: await freePort(), httpsPort: await freePort() };
      const { httpPort, httpsPort } = setup;
      const seen: Record<string, Answer> = {};
      let running: ChildProcess | null = null;
      let failure: unknown = null;
      let started = false;

      const result = await runCli([...args, '--rate-limit', '1'], {
        env: { PERFGATE_READ_TOKEN: READ_TOKEN, PERFGATE_WRITE_TOKEN: '' },
        onStderr: (text, child) => {
          const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(text);
          if (!match || started) return;
          started = true;
          void (async () => {
            running = proxy.start(setup, match[1] as string);
            await waitUntil(
              () =>
                request(httpsPort, { path: '/healthz', tls }).then(
                  () => true,
                  () => false,
                ),
              'the proxy listening',
            );
            seen.health = await request(httpsPort, { path: '/healthz', tls });
            seen.first = await request(httpsPort, { ...beaconFrom(), tls });
            // The same browser again within the second, claiming to be someone else: still itself.
            seen.spoofed = await request(httpsPort, { ...beaconFrom({ 'x-forwarded-for': '203.0.113.7' }), tls });
            // Another client (another address): a bucket of its own.
            seen.other = await request(httpsPort, { ...beaconFrom(), from: '127.0.0.2', tls });
            seen.tooBig = await request(httpsPort, { ...beaconFrom(), body: 'x'.repeat(70 * 1024), from: '127.0.0.3', tls });
            seen.foreign = await request(httpsPort, { ...beaconFrom({ origin: 'https://evil.example' }), from: '127.0.0.4', tls });
            seen.anonymous = await request(httpsPort, { path: '/api/summary?metric=LCP', tls });
            seen.summary = await request(httpsPort, { path: '/api/summary?metric=LCP', headers: { authorization: `Bearer ${READ_TOKEN}` }, tls });
            seen.plain = await request(httpPort, { path: '/rum' });
            seen.metrics = await request(httpsPort, { path: '/metrics', headers: { authorization: `Bearer ${READ_TOKEN}` }, tls });
          })()
            .catch((error: unknown) => {
              failure = error;
            })
            .finally(() => {
              if (running) proxy.stop(running);
              child.kill('SIGTERM');
            });
        },
      });
      expect(failure).toBeNull();
      const stopped = running as ChildProcess | null;
      if (stopped) await waitUntil(() => stopped.exitCode !== null || stopped.signalCode !== null, 'the proxy stopped');

      expect(result.code).toBe(0);
      expect(seen.health?.status).toBe(200);
      expect(seen.first?.status).toBe(202);
      expect(seen.first?.headers['access-control-allow-origin']).toBe(SHOP);
      expect(seen.spoofed?.status).toBe(429);
      expect(seen.other?.status).toBe(202);
      expect(seen.tooBig?.status).toBe(413);
      expect(seen.foreign?.status).toBe(403);
      expect(seen.anonymous?.status).toBe(401);
      expect(seen.summary?.status).toBe(200);
      // Both accepted beacons' LCP, and nothing else, was stored.
      const rows = (JSON.parse(seen.summary?.body ?? '{}') as { rows: Array<{ device: string; count: number }> }).rows;
      expect(rows.find((r) => r.device === 'all')?.count).toBe(2);
      expect(seen.plain?.status).toBe(308);
      expect(seen.plain?.headers.location).toMatch(new RegExp(`^https://${NAME.replace(/\./g, '\\.')}(:${httpsPort})?/rum$`));
      // The collector's own metrics, as a Prometheus behind the same proxy scrapes them (nginx answered the 413 alone).
      expect(seen.metrics?.status).toBe(200);
      const counted = readExposition(seen.metrics?.body ?? '');
      expect(counted.get('perfgate_collector_requests_total{route="rum",code="202"}')).toBe(2);
      expect(counted.get('perfgate_collector_requests_total{route="rum",code="429"}')).toBe(1);
      expect(counted.get('perfgate_collector_requests_total{route="rum",code="403"}')).toBe(1);
      expect(counted.get('perfgate_collector_requests_total{route="rum",code="413"}')).toBe(proxy.refusesLargeBody === 'collector' ? 1 : undefined);
      expect(counted.get('perfgate_collector_samples_stored_total')).toBe(6);
      // Nothing in the collector's log says the setup is wrong (a refused host, an untrusted X-Forwarded-For, an open read API).
      const events = result.stderr
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { event: string }).event);
      expect(events).toEqual(['listening', 'stopping', 'stopped']);
    },
    60_000,
  );
});
