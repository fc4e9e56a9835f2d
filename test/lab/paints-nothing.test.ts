import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChromeSession, launchChrome } from '../../src/lab/chrome.js';
import { paintsNothing } from '../../src/lab/chrome-answer.js';
import { findChrome } from '../../src/lab/find-chrome.js';
import type { Screen } from '../../src/metrics.js';
import { listenOnLoopback } from '../helpers.js';

/** Lighthouse's mobile screen and a desktop one, as a run's report records them. */
const MOBILE: Screen = { width: 412, height: 823, deviceScaleFactor: 1.75, mobile: true, disabled: false };
const DESKTOP: Screen = { width: 1350, height: 940, deviceScaleFactor: 1, mobile: false, disabled: false };
const MOTO_G = 'Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/136.0.0.0 Mobile Safari/537.36';

const PAGES: Record<string, string> = {
  // Its only content is hidden on narrow screens: Lighthouse's mobile run sees no paint.
  '/wide-only/':
    '<!doctype html><meta name="viewport" content="width=device-width"><style>@media (max-width: 600px) { body { display: none } }</style><p>Only on wide screens</p>',
  // Drawn only for a phone's user agent.
  '/phones-only/': "<!doctype html><body><script>if (/Android/.test(navigator.userAgent)) document.body.innerHTML = '<p>For phones</p>';</script>",
  '/empty/': '<!doctype html><title>nothing</title><body></body>',
};

describe('the NO_FCP probe loads the page as the run did: its screen and user agent, in real Chromium', () => {
  const server = http.createServer((req, res) => {
    const html = PAGES[req.url ?? ''];
    res.writeHead(html ? 200 : 404, { 'content-type': 'text/html' });
    res.end(html ?? 'not found');
  });
  let site: string;
  let chrome: ChromeSession;
  beforeAll(async () => {
    site = await listenOnLoopback(server);
    chrome = await launchChrome(findChrome());
  });
  afterAll(async () => {
    await chrome?.close();
    server.close();
  });

  const probe = (path: string, emulated: { screen?: Screen; userAgent?: string | false } = {}) =>
    paintsNothing(chrome.browser, { url: `${site}${path}`, headers: {}, cookies: [], ...emulated }, null);

  it('a page that paints only on wide screens paints nothing on the mobile run’s screen, and paints on a desktop one', async () => {
    expect(await probe('/wide-only/', { screen: MOBILE })).toBe(true);
    expect(await probe('/wide-only/', { screen: DESKTOP })).toBe(false);
    // Chrome's own window (800 wide), what the probe used before: it paints, so a mobile NO_FCP was retried in vain.
    expect(await probe('/wide-only/')).toBe(false);
    // Emulation turned off (Lighthouse's screenEmulation.disabled): Chrome's own window.
    expect(await probe('/wide-only/', { screen: { ...MOBILE, disabled: true } })).toBe(false);
  }, 60_000);

  it('a page drawn only for a phone paints with the run’s user agent, and nothing with Chrome’s own', async () => {
    expect(await probe('/phones-only/', { screen: MOBILE, userAgent: MOTO_G })).toBe(false);
    expect(await probe('/phones-only/', { screen: MOBILE, userAgent: false })).toBe(true);
  }, 60_000);

  it('an empty page paints nothing with the run’s screen and user agent either', async () => {
    expect(await probe('/empty/', { screen: MOBILE, userAgent: MOTO_G })).toBe(true);
  }, 60_000);
});
