import http from 'node:http';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, runMain, tempDir } from '../helpers.js';
import { beacon, CHROME_UA, metric } from '../field/beacons.js';

/** GET with a Host header of one's choosing (fetch does not let a caller set Host). */
const getWithHost = (url: string, host: string) =>
  new Promise<number>((resolve, reject) => {
    http
      .get(url, { headers: { host } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
      .on('error', reject);
  });

/** An onStderr for runCli: once the collector says where it listens, runs `visit` against it, then stops it (SIGTERM). */
const whenListening = (visit: (url: string) => Promise<void>) => {
  let started = false;
  return (text: string, child: { kill(signal: NodeJS.Signals): boolean }) => {
    const match = /listening on (http:\/\/[^\s"]+)/.exec(text);
    if (!match || started) return;
    started = true;
    void visit(match[1] as string).finally(() => child.kill('SIGTERM'));
  };
};

/** POSTs a beacon as the snippet does, from the collector's own origin. */
const postBeacon = (url: string, body: unknown) =>
  fetch(`${url}/rum`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'text/plain', 'user-agent': CHROME_UA, origin: url } });

describe('perfgate collector', () => {
  it('refuses to serve the read API off loopback without a read token (exit 2, says what to set)', async () => {
    const result = await runMain(['collector', '--host', '0.0.0.0', '--port', '0', '--db', path.join(tempDir(), 'f.db')], { env: { PERFGATE_READ_TOKEN: '' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--read-token');
    expect(result.stderr).toContain('--public-read');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses to serve the read API without a read token behind --trust-proxy, on loopback too: the public reaches it through the proxy', async () => {
    const result = await runMain(['collector', '--trust-proxy', '--port', '0', '--db', path.join(tempDir(), 'f.db')], { env: { PERFGATE_READ_TOKEN: '' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('perfgate collector --trust-proxy: behind a reverse proxy, the public reaches the collector');
    expect(result.stderr).toContain('--read-token');
    expect(result.stderr).toContain('--public-read');
  });

  it('behind --trust-proxy without --allow-host, says at start and at the first refused request that the public name must be listed', async () => {
    const statuses: number[] = [];
    const result = await runCli(['collector', '--trust-proxy', '--port', '0', '--db', path.join(tempDir(), 'f.db')], {
      env: { PERFGATE_READ_TOKEN: 'r3ad' },
      onStderr: whenListening(async (url) => {
        // What nginx's `proxy_set_header Host $host` passes on, twice.
        statuses.push(await getWithHost(`${url}/healthz`, 'rum.example.test'), await getWithHost(`${url}/healthz`, 'rum.example.test'));
      }),
    });
    expect(result.code).toBe(0);
    expect(statuses).toEqual([421, 421]);
    const events = result.stderr
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { event: string; message: string });
    expect(events.map((e) => e.event)).toEqual(['listening', 'proxy_without_host', 'host_refused', 'stopping', 'stopped']);
    expect(events[1]?.message).toMatch(/^--trust-proxy without --allow-host: the collector answers only for 127\.0\.0\.1:\d+, localhost:\d+/);
    expect(events[2]?.message).toContain('refused a request for host rum.example.test (421)');
    expect(events[2]?.message).toContain('list it: --allow-host rum.example.test');
  });

  it('logs JSON lines (where it listens, that its read API is open, stopping), and answers only for its own host names', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const result = await runCli(['collector', '--port', '0', '--db', path.join(tempDir(), 'f.db'), '--rate-limit', '0'], {
      env: { PERFGATE_READ_TOKEN: '' },
      onStderr: whenListening(async (url) => {
        const sent = await postBeacon(url, beacon());
        const rebound = await getWithHost(`${url}/api/summary`, 'attacker.example');
        const health = await fetch(`${url}/healthz`);
        lines.push({ sent: sent.status, rebound, health: health.status });
      }),
    });
    expect(result.code).toBe(0);
    expect(lines).toEqual([{ sent: 202, rebound: 421, health: 200 }]);
    const events = result.stderr
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { event: string; level: string; time: string });
    // The rebound request's refusal is logged, once, with the fix for a proxy that passes its name on.
    expect(events.map((e) => e.event)).toEqual(['listening', 'read_api_open', 'host_refused', 'stopping', 'stopped']);
    expect(events.every((e) => Number.isFinite(Date.parse(e.time)))).toBe(true);
  });

  it('takes a metrics token from PERFGATE_METRICS_TOKEN (or --metrics-token): it opens /metrics, not the field data', async () => {
    const statuses: Record<string, number> = {};
    const get = async (url: string, token: string) => (await fetch(url, { headers: { authorization: `Bearer ${token}` } })).status;
    const result = await runCli(['collector', '--port', '0', '--db', path.join(tempDir(), 'f.db')], {
      env: { PERFGATE_READ_TOKEN: 'r3ad', PERFGATE_METRICS_TOKEN: 'scr4pe' },
      onStderr: whenListening(async (url) => {
        Object.assign(statuses, {
          metrics: await get(`${url}/metrics`, 'scr4pe'),
          summary: await get(`${url}/api/summary`, 'scr4pe'),
          byRead: await get(`${url}/metrics`, 'r3ad'),
        });
      }),
    });
    expect(result.code).toBe(0);
    expect(statuses).toEqual({ metrics: 200, summary: 401, byRead: 200 });
    expect(JSON.parse(result.stderr.split('\n')[0] as string).message).toMatch(/GET \/metrics with a read token; \/metrics also with the metrics token\)$/);
  });

  it('serves its dashboard, rendered off the thread that answers beacons, with the field data it took', async () => {
    const seen: Array<Record<string, unknown>> = [];
    const result = await runCli(['collector', '--port', '0', '--db', path.join(tempDir(), 'f.db'), '--rate-limit', '0', '--dashboard-max-age', '0'], {
      env: { PERFGATE_READ_TOKEN: '' },
      onStderr: whenListening(async (url) => {
        const sent = await postBeacon(url, beacon([metric({ page: '/checkout' })]));
        const page = await fetch(`${url}/`, { headers: { 'accept-encoding': 'gzip' } });
        const html = await page.text();
        seen.push({ sent: sent.status, status: page.status, encoding: page.headers.get('content-encoding'), checkout: html.includes('/checkout') });
      }),
    });
    expect(result.code).toBe(0);
    expect(seen).toEqual([{ sent: 202, status: 200, encoding: 'gzip', checkout: true }]);
  });
  it('--redact-pattern replaces matching path segments and selector names by ":redacted", on top of the default rules; --no-redact keeps both as sent', async () => {
    const stored = async (flags: string[]) => {
      const seen: Array<{ pages: string[]; targets: string[] }> = [];
      const result = await runCli(['collector', '--port', '0', '--db', path.join(tempDir(), 'f.db'), '--rate-limit', '0', ...flags], {
        env: { PERFGATE_READ_TOKEN: '' },
        onStderr: whenListening(async (url) => {
          const attribution = { target: '#customer-AB123456>div.row-482913>img' };
          await postBeacon(url, beacon([metric({ page: '/c/AB123456/orders/482913', attribution })]));
          const summary = (await (await fetch(`${url}/api/summary`)).json()) as { rows: Array<{ page: string }> };
          const targets = (await (await fetch(`${url}/api/targets`)).json()) as { rows: Array<{ target: string }> };
          seen.push({ pages: [...new Set(summary.rows.map((r) => r.page))], targets: targets.rows.map((r) => r.target) });
        }),
      });
      expect(result.code).toBe(0);
      return seen;
    };
    expect(await stored(['--redact-pattern', '^[A-Z]{2}\\d{6}$'])).toEqual([
      { pages: ['/c/:redacted/orders/:number'], targets: ['#customer-:redacted>div.row-:number>img'] },
    ]);
    expect(await stored(['--no-redact'])).toEqual([{ pages: ['/c/AB123456/orders/482913'], targets: ['#customer-AB123456>div.row-482913>img'] }]);
  });

  it('--redact-pattern that is no regular expression is exit 2 naming it', async () => {
    const result = await runMain(['collector', '--port', '0', '--db', path.join(tempDir(), 'f.db'), '--redact-pattern', '([A-Z']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--redact-pattern ([A-Z: not a regular expression');
  });
});
