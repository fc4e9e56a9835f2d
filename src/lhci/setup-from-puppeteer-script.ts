import type { Browser, Page } from 'puppeteer-core';
import type { SetupContext } from '../lab/login-setup.js';

/** A Lighthouse CI `puppeteerScript`: called with the browser and the URL about to be measured. */
export type PuppeteerScript = (browser: Browser, context: { url: string; options: Record<string, unknown> }) => Promise<unknown> | unknown;

/** Methods bound to their object, so that a proxy of it works wherever the object itself would. */
function bound<T extends object>(target: T, own: Partial<Record<string | symbol, unknown>>): T {
  return new Proxy(target, {
    get(object, key) {
      if (Object.hasOwn(own, key)) return own[key];
      const value = Reflect.get(object, key, object);
      return typeof value === 'function' ? value.bind(object) : value;
    },
  });
}

/**
 * perfgate's login setup from a Lighthouse CI `puppeteerScript`, so that a team's login runs
 * unchanged: `module.exports = require('perfgate/lhci').setupFromPuppeteerScript(require('./login.js'))`.
 * The script gets the browser as Lighthouse CI gives it, but the pages it opens are in the setup's
 * own browser context (whose cookies and storage perfgate hands to the measured runs), and closing
 * one keeps it open until the setup ends, so that its storage is kept as Lighthouse CI keeps it.
 * It runs once, with the site's URL, where Lighthouse CI runs it before each URL.
 */
export function setupFromPuppeteerScript(script: PuppeteerScript | { default?: PuppeteerScript }): (context: SetupContext) => Promise<void> {
  const run = typeof script === 'function' ? script : script?.default;
  if (typeof run !== 'function') {
    throw new TypeError(
      'setupFromPuppeteerScript: the puppeteerScript exports no function; Lighthouse CI calls module.exports = async (browser, context) => { ... }',
    );
  }
  return async ({ page, baseUrl }) => {
    const context = page.browserContext();
    const keptOpen = (opened: Page) => bound(opened, { close: async () => undefined });
    const browser = bound(page.browser(), {
      newPage: async () => keptOpen(await context.newPage()),
      pages: async () => (await context.pages()).map(keptOpen),
      defaultBrowserContext: () => context,
    });
    await run(browser, { url: baseUrl === null ? 'about:blank' : `${baseUrl.replace(/\/$/, '')}/`, options: {} });
  };
}
