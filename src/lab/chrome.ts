import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { launch, type LaunchedChrome } from 'chrome-launcher';
import puppeteer, { type Browser } from 'puppeteer-core';
import { UserError } from '../errors.js';
import { INSTALL_HINT } from './find-chrome.js';
import { chromeFlags } from './settings.js';

/** A running Chrome with a puppeteer connection. `close()` always leaves no process behind. */
export interface ChromeSession {
  browser: Browser;
  version: string;
  pid: number;
  close(): Promise<void>;
}

/**
 * Launches Chrome the way the Lighthouse CLI does (chrome-launcher, its default flags plus ours)
 * with a fresh profile folder, and connects puppeteer to it.
 */
export async function launchChrome(chromePath: string): Promise<ChromeSession> {
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'perfgate-chrome-'));
  let chrome: LaunchedChrome | undefined;
  const close = async () => {
    try {
      chrome?.kill();
    } finally {
      await rm(userDataDir, { recursive: true, force: true, maxRetries: 3 });
    }
  };
  try {
    chrome = await launch({ chromePath, chromeFlags: chromeFlags(), userDataDir, handleSIGINT: false, logLevel: 'silent' });
    const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${chrome.port}`, defaultViewport: null });
    const version = await browser.version();
    return {
      browser,
      version,
      pid: chrome.pid,
      close: async () => {
        await browser.disconnect().catch(() => undefined);
        await close();
      },
    };
  } catch (error) {
    await close();
    throw new UserError(`Chrome at ${chromePath} did not start: ${(error as Error).message}. ${INSTALL_HINT}`);
  }
}

/**
 * Makes Chrome forget which favicons failed to load. Chrome remembers that browser-wide, not per
 * context, and skips those requests in later runs where a fresh Chrome makes them: one missing fast
 * request can move Lighthouse's estimate of the server's response time by seconds. Chrome clears
 * the list when a page of the default context reloads bypassing the cache, so the blank page that
 * chrome-launcher opened there reloads that way.
 */
export async function forgetFailedFavicons(browser: Browser): Promise<void> {
  const context = browser.defaultBrowserContext();
  const [page] = await context.pages();
  await (page ?? (await context.newPage())).reload({ ignoreCache: true });
}
