import type { Browser } from 'puppeteer-core';
import type { CookieSpec } from '../config/model.js';
import { applySessionState, type SessionState } from './login-setup.js';
import { setCookies } from './set-cookies.js';
import type { Answer } from './status-of.js';

/** A page's answer in Chrome, and whether its load event came within 10 s. */
export interface ChromeAnswer extends Answer {
  loaded: boolean;
}

/**
 * What a page answers in Chrome, as a measured run would load it: in a browser context of its own
 * holding the page's headers and cookies (and, behind a login, the cookies and storage its setup
 * left), until its load event, so that a script sending the visitor elsewhere (to the login page,
 * a client-side route) is seen too. The status of the document it ended on, that URL, and whether
 * the load event came within 10 s; null when no document came within 10 s.
 */
export async function chromeAnswerOf(
  browser: Browser,
  page: { url: string; headers: Record<string, string>; cookies: readonly CookieSpec[] },
  state: SessionState | null,
): Promise<ChromeAnswer | null> {
  const context = await browser.createBrowserContext();
  try {
    const tab = await context.newPage();
    if (state) await applySessionState(tab, state);
    await setCookies(context, page.url, page.cookies);
    if (Object.keys(page.headers).length > 0) await tab.setExtraHTTPHeaders(page.headers);
    // The last document the tab was given: after HTTP redirects, and after a script sent it on.
    let landed: Answer | null = null;
    tab.on('response', (response) => {
      const request = response.request();
      const redirect = response.status() >= 300 && response.status() < 400;
      if (request.isNavigationRequest() && request.frame() === tab.mainFrame() && !redirect) landed = { status: response.status(), url: response.url() };
    });
    // A page still loading after 10 s (or whose script never yields) has answered all the same.
    const loaded = await tab.goto(page.url, { waitUntil: 'load', timeout: 10_000 }).then(
      () => true,
      () => false,
    );
    // A script that moves on at the load event is still on its way: give it a moment to land.
    await tab.waitForNetworkIdle({ idleTime: 200, timeout: 2_000 }).catch(() => undefined);
    const answer = landed as Answer | null;
    return answer && { ...answer, loaded };
  } catch {
    return null;
  } finally {
    await context.close().catch(() => undefined);
  }
}
