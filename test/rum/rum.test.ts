import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Beacon } from '../../src/field/wire.js';
import { launchChrome, type ChromeSession } from '../../src/lab/chrome.js';
import { findChrome } from '../../src/lab/find-chrome.js';
import { EXAMPLE_DIST, quietFor, serveExampleFile, waitUntil } from '../helpers.js';

interface Received {
  path: string;
  contentType: string;
  bytes: number;
  beacon: Beacon;
}

/**
 * The built example site, plus: POST /rum (204) and /rum-500 (500) that record what arrives, and
 * page variants made from the products page by rewriting its loader tag: /sampled-out/ (sample
 * rate 0), /failing/ (endpoint answers 500) and /csp/ (a CSP that forbids the request).
 */
const SPA_SCRIPT = `<button id="to-cart" style="font-size:2rem">Cart</button><script>
document.getElementById('to-cart').addEventListener('click', () => {
  const main = document.createElement('main');
  main.innerHTML = '<h1 style="font-size:3rem">Your cart</h1><p style="font-size:1.5rem">' + 'Three items, ready to check out. '.repeat(40) + '</p>';
  document.body.replaceChildren(main);
  history.pushState({}, '', '/spa/cart');
});
</script>`;

function siteServer() {
  const received: Received[] = [];
  const products = readFileSync(path.join(EXAMPLE_DIST, 'products/index.html'), 'utf8');
  const variants: Record<string, { html: string; headers?: Record<string, string> }> = {
    '/sampled-out/': { html: products.replace('data-endpoint="/rum"', 'data-endpoint="/rum" data-sample-rate="0"') },
    '/failing/': { html: products.replace('data-endpoint="/rum"', 'data-endpoint="/rum-500"') },
    '/csp/': { html: products, headers: { 'content-security-policy': "connect-src 'none'" } },
    // A single-page app: a click swaps the content and pushes /spa/cart (Chrome's soft-navigation heuristics).
    '/spa/': { html: products.replace('data-endpoint="/rum"', 'data-endpoint="/rum" data-soft-navs').replace('</body>', `${SPA_SCRIPT}</body>`) },
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'POST' && (url.pathname === '/rum' || url.pathname === '/rum-500')) {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        received.push({ path: url.pathname, contentType: req.headers['content-type'] ?? '', bytes: body.length, beacon: JSON.parse(body.toString()) });
        res.writeHead(url.pathname === '/rum' ? 204 : 500);
        res.end();
      });
      return;
    }
    const variant = variants[url.pathname];
    if (variant) {
      res.writeHead(200, { 'content-type': 'text/html', ...variant.headers });
      return res.end(variant.html);
    }
    serveExampleFile(url.pathname, res);
  });
  return { server, received };
}

/** Resolves once the page's main thread has been idle: what ran on load (the snippet's start) and what an input queued have run. */
const idle = (page: Page) => page.evaluate(() => new Promise((resolve) => requestIdleCallback(() => resolve(null), { timeout: 5000 })));

describe('the RUM snippet in real Chromium', () => {
  const site = siteServer();
  let base: string;
  let chrome: ChromeSession;

  beforeAll(async () => {
    await new Promise<void>((resolve) => site.server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(site.server.address() as AddressInfo).port}`;
    chrome = await launchChrome(findChrome());
  });
  afterAll(async () => {
    await chrome?.close();
    site.server.close();
  });

  /** Opens a page in a fresh context, records errors, and waits until the snippet has started. */
  async function open(pathname: string): Promise<{ page: Page; errors: string[] }> {
    const context = await chrome.browser.createBrowserContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(`pageerror: ${(error as Error).message}`));
    page.on('console', (message) => {
      // Chrome itself reports a request that a CSP blocks; page code cannot silence that report (it is not an exception).
      const browserReport = message.text().includes('violates the following Content Security Policy directive');
      if (message.type() === 'error' && !browserReport && message.stackTrace().some((frame) => frame.url?.includes('perfgate-rum')))
        errors.push(`console: ${message.text()}`);
    });
    await page.evaluateOnNewDocument(() => {
      // The page's first input as the browser reports it to observers such as web-vitals.
      new PerformanceObserver((list) => {
        (window as unknown as { __inputs: number }).__inputs = list.getEntries().length;
      }).observe({
        type: 'first-input',
        buffered: true,
      });
      const seen = window as unknown as { __errors: string[] };
      seen.__errors = [];
      addEventListener('error', (e) => seen.__errors.push(String(e.message)));
      addEventListener('unhandledrejection', (e) => seen.__errors.push(String(e.reason)));
    });
    await page.goto(`${base}${pathname}`, { waitUntil: 'load' });
    await page.waitForFunction(() =>
      performance.getEntriesByType('resource').some((e) => e.name.endsWith('/perfgate-rum.js') && (e as PerformanceResourceTiming).responseEnd > 0),
    );
    await idle(page);
    return { page, errors };
  }

  /** A real interaction, for INP: click the filter field and type; then wait until the browser has reported it and the page was idle (web-vitals handles interactions when idle). */
  async function interact(page: Page): Promise<void> {
    await page.click('#filter');
    await page.keyboard.type('la');
    await page.waitForFunction(() => ((window as unknown as { __inputs?: number }).__inputs ?? 0) > 0, { timeout: 10_000 });
    await idle(page);
  }

  it('sends exactly one batch with all five metrics, plausible values and the route name from pages.json', async () => {
    const { page, errors } = await open('/products/');
    await interact(page);
    const before = site.received.length;
    await page.goto('about:blank');
    await waitUntil(() => site.received.length > before, 'the batch');
    await quietFor(500);
    const batches = site.received.slice(before);
    expect(batches).toHaveLength(1);
    const [{ beacon, contentType, bytes }] = batches as [Received];
    expect(contentType).toMatch(/^text\/plain/);
    expect(bytes).toBeLessThan(60 * 1024);
    expect(beacon).toMatchObject({ v: 1, release: 'example' });
    const byName = Object.fromEntries(beacon.metrics.map((m) => [m.name, m]));
    expect(Object.keys(byName).sort()).toEqual(['CLS', 'FCP', 'INP', 'LCP', 'TTFB']);
    for (const metric of beacon.metrics) {
      expect(metric.page).toBe('products');
      expect(metric.navigationType).toBe('navigate');
      expect(['good', 'needs-improvement', 'poor']).toContain(metric.rating);
      expect(metric.id).toMatch(/^v\d+-/);
    }
    expect(byName.TTFB!.value).toBeGreaterThanOrEqual(0);
    expect(byName.TTFB!.value).toBeLessThan(5000);
    expect(byName.FCP!.value).toBeGreaterThan(0);
    expect(byName.LCP!.value).toBeGreaterThanOrEqual(byName.FCP!.value);
    expect(byName.CLS!.value).toBeGreaterThanOrEqual(0);
    expect(byName.INP!.value).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.browserContext().close();
  }, 30_000);

  it('starts a new batch after a back/forward cache restore', async () => {
    const { page } = await open('/products/');
    const before = site.received.length;
    await page.goto(`${base}/`);
    await waitUntil(() => site.received.length > before, 'the first batch');
    const restored = await page.goBack({ waitUntil: 'load' });
    expect(restored, 'the page came from the back/forward cache (no new response)').toBeNull();
    await interact(page);
    await page.goto('about:blank');
    // The home page in between has the snippet too and may send its own batch: count the products page's.
    const productsBatches = () => site.received.slice(before).filter((r) => r.beacon.metrics.some((m) => m.page === 'products'));
    await waitUntil(() => productsBatches().length > 1, 'the batch after the restore');
    await quietFor(500);
    const batches = productsBatches();
    expect(batches).toHaveLength(2);
    expect(batches[0]!.beacon.metrics.every((m) => m.page === 'products' && m.navigationType === 'navigate')).toBe(true);
    expect(batches[1]!.beacon.metrics.length).toBeGreaterThan(0);
    expect(batches[1]!.beacon.metrics.every((m) => m.page === 'products' && m.navigationType === 'back-forward-cache')).toBe(true);
    await page.browserContext().close();
  }, 30_000);

  it("with data-soft-navs, reports a single-page app's route change as a soft navigation of the new route", async () => {
    const { page, errors } = await open('/spa/');
    const supported = await page.evaluate(() => PerformanceObserver.supportedEntryTypes.includes('soft-navigation'));
    expect(supported, 'this Chromium supports the soft navigation API').toBe(true);
    await page.click('#to-cart');
    await page.waitForFunction(() => location.pathname === '/spa/cart');
    await page.waitForFunction(() => performance.getEntriesByType('soft-navigation').length > 0, { timeout: 10_000 });
    await idle(page);
    await page.mouse.click(10, 10);
    await idle(page);
    const before = site.received.length;
    await page.goto('about:blank');
    const sent = () => site.received.slice(before).flatMap((r) => r.beacon.metrics);
    await waitUntil(
      () => sent().some((m) => m.navigationType === 'soft-navigation' && m.name === 'LCP') && sent().some((m) => m.navigationType !== 'soft-navigation'),
      'the hard and the soft navigation’s metrics',
    );
    const metrics = sent();
    const hard = metrics.filter((m) => m.navigationType !== 'soft-navigation');
    const soft = metrics.filter((m) => m.navigationType === 'soft-navigation');
    expect(hard.map((m) => m.page)).toContain('/spa/');
    expect(hard.every((m) => m.page === '/spa/')).toBe(true);
    expect(soft.length).toBeGreaterThan(0);
    expect(soft.every((m) => m.page === '/spa/cart')).toBe(true);
    expect(soft.map((m) => m.name)).toEqual(expect.arrayContaining(['LCP']));
    expect(errors).toEqual([]);
    await page.browserContext().close();
  }, 30_000);

  it('sends nothing at sample rate 0', async () => {
    const { page } = await open('/sampled-out/');
    await interact(page);
    const before = site.received.length;
    await page.goto('about:blank');
    await quietFor(1500);
    expect(site.received.length).toBe(before);
    await page.browserContext().close();
  }, 30_000);

  it.each([
    ['an endpoint that answers 500', '/failing/'],
    ['a CSP that forbids the request', '/csp/'],
  ])(
    'raises no page error with %s',
    async (_, pathname) => {
      const { page, errors } = await open(pathname);
      await interact(page);
      await page.evaluate(() => {
        Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
        document.dispatchEvent(new Event('visibilitychange'));
        dispatchEvent(new Event('pagehide'));
      });
      await idle(page);
      await quietFor(500);
      const thrown = await page.evaluate(() => (window as unknown as { __errors?: string[] }).__errors ?? []);
      expect(thrown).toEqual([]);
      expect(errors, JSON.stringify(errors)).toEqual([]);
      await page.browserContext().close();
    },
    30_000,
  );
});
