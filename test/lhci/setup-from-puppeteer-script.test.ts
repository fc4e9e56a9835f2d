import { writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChromeSession, launchChrome } from '../../src/lab/chrome.js';
import { findChrome } from '../../src/lab/find-chrome.js';
import { runLoginSetup } from '../../src/lab/login-setup.js';
import { setupFromPuppeteerScript } from '../../src/lhci/setup-from-puppeteer-script.js';
import { ROOT, tempDir } from '../helpers.js';

// A Lighthouse CI login script, written as its users write them: a page of the browser's own,
// logged in by a cookie the server sets, a token in localStorage, the page closed at the end.
const LHCI_SCRIPT = `module.exports = async (browser, context) => {
  const page = await browser.newPage();
  await page.goto(new URL('/login', context.url).href);
  await page.evaluate(() => localStorage.setItem('token', 'tok-51c0e9'));
  globalThis.seenUrl = context.url;
  await page.close();
};
`;

describe('a Lighthouse CI puppeteerScript as perfgate’s login setup, in real Chromium', () => {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html', 'set-cookie': 'sid=cookie-7a2e44; Path=/' });
    res.end('<!doctype html><title>login</title>');
  });
  let base: string;
  let chrome: ChromeSession;
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    chrome = await launchChrome(findChrome());
  });
  afterAll(async () => {
    await chrome?.close();
    server.close();
  });

  it('runs in the setup’s own browser context, with the site’s URL: the cookie it got and the storage of the page it closed are kept', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'login.js'), LHCI_SCRIPT);
    // The module perfgate init writes, with perfgate found where this checkout built it.
    writeFileSync(
      path.join(dir, 'perfgate-setup.cjs'),
      `module.exports = require(${JSON.stringify(path.join(ROOT, 'dist/lhci/index.js'))}).setupFromPuppeteerScript(require('./login.js'));\n`,
    );
    const before = (await chrome.browser.defaultBrowserContext().cookies()).length;
    const state = await runLoginSetup(path.join(dir, 'perfgate-setup.cjs'), chrome.browser, base, {});
    expect(state.cookies.map((c) => [c.name, c.value])).toEqual([['sid', 'cookie-7a2e44']]);
    expect(state.storage).toEqual([{ origin: base, local: [['token', 'tok-51c0e9']], session: [] }]);
    expect((globalThis as { seenUrl?: string }).seenUrl).toBe(`${base}/`);
    // Nothing landed in the browser's default context, which the measured runs do not read.
    expect((await chrome.browser.defaultBrowserContext().cookies()).length).toBe(before);
  }, 60_000);

  it('refuses a module that exports no function, as Lighthouse CI would fail on it', () => {
    expect(() => setupFromPuppeteerScript({} as never)).toThrow(/exports no function; Lighthouse CI calls module.exports = async \(browser, context\)/);
  });
});
