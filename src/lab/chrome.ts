import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { getChromePath, launch, type LaunchedChrome } from 'chrome-launcher';
import puppeteer, { type Browser } from 'puppeteer-core';
import { UserError } from '../errors.js';

/**
 * Chrome flags for lab runs, shared with the generated lighthouserc so that perfgate and
 * `lhci autorun` start Chrome the same way. `--no-sandbox` only when running as root, where
 * Chrome refuses to start without it.
 */
export function chromeFlags(): string[] {
  const flags = [
    '--headless=new',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-dev-shm-usage',
  ];
  if (process.getuid?.() === 0) flags.push('--no-sandbox');
  return flags;
}

export const INSTALL_HINT =
  'Install Chrome or Chromium (Debian/Ubuntu: `sudo apt-get install -y chromium`), or set CHROME_PATH to its executable.';

/** Finds Chrome: CHROME_PATH, then the usual install locations, then /usr/bin/chromium. Exit 2 when none. */
export function findChrome(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env.CHROME_PATH;
  if (explicit) {
    if (!existsSync(explicit)) throw new UserError(`CHROME_PATH is set to ${explicit}, which does not exist. ${INSTALL_HINT}`);
    return explicit;
  }
  try {
    const found = getChromePath();
    if (found && existsSync(found)) return found;
  } catch {
    // no Chrome in the usual places; try Debian's Chromium below
  }
  for (const candidate of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (existsSync(candidate)) return candidate;
  }
  throw new UserError(`No Chrome or Chromium found. ${INSTALL_HINT}`);
}

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
