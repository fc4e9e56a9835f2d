/**
 * perfgate's `puppeteerScript` for Lighthouse CI (generated lighthouserc files point at it): before
 * each URL, Lighthouse CI calls it with its browser. It clears the URL's origin of the cookies and
 * storage an earlier URL's login left, then runs the page's setup module from pages.json, the same
 * one `perfgate run` runs, in a tab of that browser: Lighthouse then loads the URL with the session.
 * The page → module map comes from the generated config (`collect.perfgateSetups`). CommonJS,
 * because Lighthouse CI loads the script with require().
 */
import nodeUrl = require('node:url');
import type { Browser } from 'puppeteer-core';

interface PerfgateSetups {
  /** Each entry of collect.url with its setup module (absolute path), or null for a page without one. A list, not an object: Lighthouse CI's option parser mangles keys with dots. */
  pages: Array<{ url: string; setup: string | null }>;
  /** The site's base URL when pages.json names one; else the origin of the URL measured. */
  baseUrl: string | null;
}

/** The setup of a URL Lighthouse CI measures: its own entry, or a path entry it was made from (a static folder's server). */
function setupFor(setups: PerfgateSetups, url: string): string | null {
  const { pathname, search } = new URL(url);
  const page = setups.pages.find((p) => p.url === url) ?? setups.pages.find((p) => p.url === `${pathname}${search}` || p.url === pathname);
  return page?.setup ?? null;
}

async function loadSetup(file: string): Promise<(context: object) => Promise<void>> {
  const loaded = (await import(nodeUrl.pathToFileURL(file).href)) as { default?: unknown };
  const setup = typeof loaded.default === 'function' ? loaded.default : (loaded.default as { default?: unknown } | undefined)?.default;
  if (typeof setup !== 'function') throw new Error(`perfgate: the setup ${file} exports no function`);
  return setup as (context: object) => Promise<void>;
}

async function perfgateLogin(browser: Browser, context: { url: string; options: { perfgateSetups?: PerfgateSetups } }): Promise<void> {
  const setups = context.options.perfgateSetups;
  if (!setups) return;
  const origin = new URL(context.url).origin;
  const file = setupFor(setups, context.url);
  const page = await browser.newPage();
  try {
    const session = await page.createCDPSession();
    await session.send('Storage.clearDataForOrigin', { origin, storageTypes: 'cookies,local_storage,indexeddb' });
    await session.detach();
    if (file) await (await loadSetup(file))({ browser, page, baseUrl: setups.baseUrl ?? origin, env: process.env });
  } finally {
    await page.close().catch(() => undefined);
  }
}

export = perfgateLogin;
