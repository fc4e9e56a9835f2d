import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChrome, type ChromeSession } from '../../src/lab/chrome.js';
import { findChrome } from '../../src/lab/find-chrome.js';
import { netErrorOf } from '../../src/lab/net-error.js';
import { cannotLoadMessage, netErrorIn, unreachableSites } from '../../src/lab/unreachable-sites.js';
import { ROOT, runMain, tempDir, writeJson } from '../helpers.js';
import { readResults } from '../results-schema.js';

const PAGE = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body><h1>hello</h1></body></html>';
const TLS = path.join(ROOT, 'test/fixtures/tls');

const listen = (server: http.Server | https.Server, port = 0) =>
  new Promise<number>((resolve) => server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
const close = (server: http.Server) => new Promise((resolve) => server.close(resolve));

/** A loopback port nothing listens on (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  const port = await listen(server);
  await close(server);
  return port;
}

describe('cannotLoadMessage', () => {
  it.each([
    ['net::ERR_CONNECTION_REFUSED', 'http://127.0.0.1:8599/a', 'nothing listens at 127.0.0.1:8599. Start the site before perfgate'],
    ['net::ERR_NAME_NOT_RESOLVED', 'http://shop.example.test/', '"--host-resolver-rules=MAP shop.example.test 127.0.0.1:PORT"'],
    ['net::ERR_CERT_AUTHORITY_INVALID', 'https://127.0.0.1:8443/', 'add "chromeFlags": ["--ignore-certificate-errors"] to pages.json'],
    ['net::ERR_CONNECTION_TIMED_OUT', 'http://10.1.2.3/', '10.1.2.3 cannot be reached from this machine'],
    ['net::ERR_UNSAFE_PORT', 'http://127.0.0.1:6000/', 'port 6000 (one of the ports it blocks as unsafe)'],
  ])('%s names the URL, the error and the fix', (netError, url, fix) => {
    const message = cannotLoadMessage(url, netError);
    expect(message).toContain(`Chrome could not load ${url} (${netError}): `);
    expect(message).toContain(fix);
  });

  it('an error without a rule is said as it is', () => {
    expect(cannotLoadMessage('http://127.0.0.1:1/', 'net::ERR_EMPTY_RESPONSE')).toBe('Chrome could not load http://127.0.0.1:1/ (net::ERR_EMPTY_RESPONSE).');
  });
});

describe('netErrorIn', () => {
  it("finds the net error and URL of Puppeteer's failed page.goto, and nothing in other messages", () => {
    expect(netErrorIn('net::ERR_CONNECTION_REFUSED at http://127.0.0.1:8080/cart?x=1')).toEqual({
      netError: 'net::ERR_CONNECTION_REFUSED',
      url: 'http://127.0.0.1:8080/cart?x=1',
    });
    expect(netErrorIn('Navigation failed: net::ERR_NAME_NOT_RESOLVED at https://shop.example.test/')?.netError).toBe('net::ERR_NAME_NOT_RESOLVED');
    expect(netErrorIn('Waiting for selector `#buy` failed: Waiting failed: 30000ms exceeded')).toBeNull();
    expect(netErrorIn('net::ERR_ABORTED')).toBeNull();
  });
});

describe("Chrome's own net error for a URL (real Chromium)", () => {
  let chrome: ChromeSession;
  const secure = https.createServer({ key: readFileSync(path.join(TLS, 'key.pem')), cert: readFileSync(path.join(TLS, 'cert.pem')) }, (_, res) =>
    res.end(PAGE),
  );
  const missing = http.createServer((_, res) => {
    res.writeHead(404, { 'content-type': 'text/html' });
    res.end(PAGE);
  });
  // Accepts the connection and never answers.
  const silent = http.createServer(() => undefined);
  const ports = { secure: 0, missing: 0, silent: 0 };

  beforeAll(async () => {
    chrome = await launchChrome(findChrome());
    ports.secure = await listen(secure);
    ports.missing = await listen(missing);
    ports.silent = await listen(silent);
  });
  afterAll(async () => {
    await chrome?.close();
    silent.closeAllConnections();
    for (const server of [secure, missing, silent]) await close(server);
  });

  it('says why Chrome cannot load a page, and nothing for a page that answers, whatever its status', async () => {
    const port = await closedPort();
    expect(await netErrorOf(chrome.browser, `http://127.0.0.1:${port}/`)).toBe('net::ERR_CONNECTION_REFUSED');
    expect(await netErrorOf(chrome.browser, `https://127.0.0.1:${ports.secure}/`)).toBe('net::ERR_CERT_AUTHORITY_INVALID');
    expect(await netErrorOf(chrome.browser, `http://127.0.0.1:${ports.missing}/gone`)).toBeNull();
    // No answer within the time allowed is no verdict on the site: the run's own error stands, retried as before.
    expect(await netErrorOf(chrome.browser, `http://127.0.0.1:${ports.silent}/`, 500)).toBeNull();
    // The probes leave no browser context behind.
    expect(chrome.browser.browserContexts()).toHaveLength(1);
  });

  it('remembers a site Chrome cannot load until it answers again', async () => {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}/`;
    const sites = unreachableSites((u) => netErrorOf(chrome.browser, u));
    expect(await sites.before(url)).toBeNull();
    // An error whose document did load (an HTTP error status) is not Chrome's to explain.
    expect(await sites.after(url, { code: 'ERRORED_DOCUMENT_REQUEST', message: 'Status code: 500' })).toBeNull();
    expect(await sites.before(`${url}a`)).toBeNull();

    const found = await sites.after(url, { code: 'CHROME_INTERSTITIAL_ERROR', message: 'Chrome prevented page load with an interstitial.' });
    expect(found?.netError).toBe('net::ERR_CONNECTION_REFUSED');
    expect(found?.error.code).toBe('CHROME_INTERSTITIAL_ERROR');
    const later = await sites.before(`${url}a`);
    expect(later?.error.code).toBe('CHROME_INTERSTITIAL_ERROR');
    expect(later?.error.message).toContain(`not run: Chrome could not load ${url}a (net::ERR_CONNECTION_REFUSED)`);
    // Another site is not affected.
    expect(await sites.before(`http://127.0.0.1:${ports.missing}/`)).toBeNull();

    // The site comes up: its pages are measured again.
    const server = http.createServer((_, res) => res.end(PAGE));
    await listen(server, port);
    try {
      expect(await sites.before(`${url}b`)).toBeNull();
    } finally {
      await close(server);
    }
    expect(await sites.before(`${url}c`)).toBeNull();
  });
});

describe('a site that does not answer (real Chromium, Lighthouse)', () => {
  it('costs one Lighthouse try in all: each flow and page is an error naming what Chrome got, and none is retried', async () => {
    const port = await closedPort();
    const live = http.createServer((_, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(PAGE);
    });
    const livePort = await listen(live);
    try {
      const dir = tempDir();
      writeJson(dir, 'pages.json', {
        baseUrl: `http://127.0.0.1:${port}`,
        runs: 2,
        pages: [
          { name: 'home', path: '/' },
          { name: 'about', path: '/about' },
          { name: 'elsewhere', url: `http://127.0.0.1:${livePort}/` },
          { name: 'shop', path: '/shop' },
        ],
        flows: [
          { name: 'checkout', module: './checkout.mjs' },
          { name: 'search', module: './search.mjs' },
        ],
      });
      for (const [file, step] of [
        ['checkout.mjs', '/cart'],
        ['search.mjs', '/search'],
      ]) {
        writeFileSync(path.join(dir, file as string), `export default async (flow, { baseUrl }) => { await flow.navigate(baseUrl + '${step}'); };\n`);
      }
      const result = await runMain(['run', '--out', 'out'], { cwd: dir });
      expect(result.code, result.stderr).toBe(3);
      const results = readResults(path.join(dir, 'out'));
      const byName = Object.fromEntries(results.pages.map((p: { name: string }) => [p.name, p]));
      for (const name of ['checkout', 'search', 'home', 'about', 'shop']) {
        expect(byName[name].error.message).toContain('(net::ERR_CONNECTION_REFUSED): nothing listens at 127.0.0.1:');
        expect(byName[name].measuredRuns).toBe(0);
        expect(byName[name].retries).toEqual([]);
      }
      // The flows run first: the first one's try ran Lighthouse; the later flows and pages on that site were not run at all.
      expect(byName.checkout.error.message).toMatch(/^Chrome could not load http:\/\/127\.0\.0\.1:\d+\/cart /);
      for (const name of ['search', 'home', 'about', 'shop']) expect(byName[name].error.message).toMatch(/^not run: /);
      // A site that answers is measured as ever, between the pages of the one that does not.
      expect(byName.elsewhere.error ?? null).toBeNull();
      expect(byName.elsewhere.measuredRuns).toBe(2);
      // Each page of the site that is down is tried once, never retried.
      const tries = result.stderr.split('\n').filter((line) => /^\s*(checkout|search|home|about|shop) run \d/.test(line));
      expect(tries).toHaveLength(5);
      expect(result.stderr).not.toContain('retrying once');
      expect(result.stderr.match(/Chrome itself gets net::ERR_CONNECTION_REFUSED, so not retried/g)).toHaveLength(5);
    } finally {
      await close(live);
    }
  }, 180_000);

  it("a flow whose own page.goto fails on a site that is down is that site's first try, not retried, and the site is remembered", async () => {
    const port = await closedPort();
    const dir = tempDir();
    // No baseUrl: the flow loads its site itself.
    writeJson(dir, 'pages.json', {
      runs: 2,
      pages: [{ name: 'profile', url: `http://127.0.0.1:${port}/profile` }],
      flows: [{ name: 'account', module: './account.mjs' }],
    });
    writeFileSync(
      path.join(dir, 'account.mjs'),
      `export default async (flow, { page }) => { await page.goto('http://127.0.0.1:${port}/account'); await flow.snapshot(); };\n`,
    );
    const result = await runMain(['run', '--out', 'out'], { cwd: dir });
    expect(result.code, result.stderr).toBe(3);
    const byName = Object.fromEntries(readResults(path.join(dir, 'out')).pages.map((p: { name: string }) => [p.name, p]));
    expect(byName.account.error).toEqual({
      code: 'FAILED_DOCUMENT_REQUEST',
      message: `Chrome could not load http://127.0.0.1:${port}/account (net::ERR_CONNECTION_REFUSED): nothing listens at 127.0.0.1:${port}. Start the site before perfgate, or let perfgate start it ("command" and "url", or "staticDir", in pages.json; --base-command or --base-dir for a base).`,
    });
    expect(byName.profile.error.message).toMatch(/^not run: Chrome could not load http:\/\/127\.0\.0\.1:\d+\/profile \(net::ERR_CONNECTION_REFUSED\)/);
    for (const name of ['account', 'profile']) expect(byName[name].retries).toEqual([]);
    expect(result.stderr).not.toContain('retrying once');
    expect(result.stderr.match(/Chrome itself gets net::ERR_CONNECTION_REFUSED, so not retried/g)).toHaveLength(2);
  }, 120_000);
});
