import type { Browser, CookieData, Page } from 'puppeteer-core';
import { importFunction } from './import-function.js';

/** What a setup module's default export receives. */
export interface SetupContext {
  browser: Browser;
  /** A page in a browser context of the setup's own, on about:blank. */
  page: Page;
  /** The site's URL when pages.json names one (baseUrl, the static folder's server, or command's url), else null. */
  baseUrl: string | null;
  /** The process environment. */
  env: Record<string, string | undefined>;
}

/** Storage one origin had when the setup finished. */
export interface OriginStorage {
  origin: string;
  local: Array<[string, string]>;
  session: Array<[string, string]>;
}

/** What a setup leaves for the measured runs: its context's cookies and its pages' storage. */
export interface SessionState {
  cookies: CookieData[];
  storage: OriginStorage[];
}

/** A setup module that threw: the pages that need it are recorded as SETUP_FAILED. */
export class SetupFailed extends Error {
  readonly code = 'SETUP_FAILED';
}

/**
 * Runs a setup module (a login) once, in a browser context of its own in the runs' Chrome, and
 * returns the cookies and storage it left; the context is closed afterwards. A module that cannot
 * be loaded or exports no function is a UserError (exit 2, naming the file); one that throws is
 * SetupFailed with its message.
 */
export async function runLoginSetup(file: string, browser: Browser, baseUrl: string | null, env: SetupContext['env']): Promise<SessionState> {
  const setup = await loadSetup(file);
  const context = await browser.createBrowserContext();
  try {
    const page = await context.newPage();
    try {
      await setup({ browser, page, baseUrl, env } satisfies SetupContext);
    } catch (error) {
      throw new SetupFailed(`the setup ${file} failed: ${(error as Error)?.message ?? String(error)}`);
    }
    const storage: OriginStorage[] = [];
    for (const open of await context.pages()) {
      const url = open.url();
      if (!/^https?:/.test(url)) continue;
      const [local, session] = await open.evaluate(() => [Object.entries(localStorage), Object.entries(sessionStorage)] as const);
      storage.push({ origin: new URL(url).origin, local: [...local], session: [...session] });
    }
    return { cookies: await context.cookies(), storage };
  } finally {
    await context.close().catch(() => undefined);
  }
}

/** Loads a setup module and returns its function; a UserError (exit 2, naming the file) when it cannot be loaded or exports none. */
export const loadSetup = (file: string): Promise<(context: SetupContext) => Promise<void>> =>
  importFunction(file, 'setup', 'setup', 'export default async function ({ browser, page, baseUrl, env }) { ... }');

/**
 * Shorter values a setup leaves are flags and settings ("1", "true", "en-GB"), not credentials: masking
 * them would blank every "1" in a report. Values from `${env:...}` are masked whatever their length.
 */
export const MIN_SETUP_SECRET_LENGTH = 8;

/** The values a setup left (cookies and storage) that no output may show: every one of MIN_SETUP_SECRET_LENGTH characters or more. */
export const stateSecrets = (state: SessionState): string[] =>
  [...state.cookies.map((c) => c.value), ...state.storage.flatMap((s) => [...s.local, ...s.session].map(([, value]) => value))].filter(
    (value) => value.length >= MIN_SETUP_SECRET_LENGTH,
  );

/**
 * Puts a setup's state into a run's fresh browser context before the page loads: its cookies, and
 * its storage through a script that runs before the page's own on each matching origin.
 */
export async function applySessionState(page: Page, state: SessionState): Promise<void> {
  if (state.cookies.length > 0) await page.browserContext().setCookie(...state.cookies);
  if (state.storage.length === 0) return;
  await page.evaluateOnNewDocument((storage: OriginStorage[]) => {
    const here = storage.find((s) => s.origin === location.origin);
    if (!here) return;
    for (const [key, value] of here.local) localStorage.setItem(key, value);
    for (const [key, value] of here.session) sessionStorage.setItem(key, value);
  }, state.storage);
}
