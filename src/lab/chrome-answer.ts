import type { Browser, Page } from 'puppeteer-core';
import type { CookieSpec } from '../config/model.js';
import type { Screen } from '../metrics.js';
import { applySessionState, type SessionState } from './login-setup.js';
import { setCookies } from './set-cookies.js';
import type { Answer, NoAnswer } from './status-of.js';
import { netErrorIn, netErrorWords } from './unreachable-sites.js';

/** A page's answer in Chrome, whether its load event came within 10 s, and whether it painted. */
export interface ChromeAnswer extends Answer {
  loaded: boolean;
  /**
   * Whether it painted anything (its first contentful paint) within 3 s of its load event; null
   * when that was not asked (it did not load, or answered an error status) or could not be answered.
   */
  painted: boolean | null;
}

/**
 * A page as Chrome is to load it: its URL, headers and cookies, and (as a run emulated them) its
 * screen and user agent; without those, Chrome's own window and user agent.
 */
export interface PageToLoad {
  url: string;
  headers: Record<string, string>;
  cookies: readonly CookieSpec[];
  screen?: Screen | null;
  /** The user agent the run sent (false or absent: Chrome's own). */
  userAgent?: string | false | null;
}

/** How long after its load event a page may take to paint before it is taken to paint nothing. */
export const PAINT_WAIT_MS = 3_000;

/**
 * What a page answers in Chrome, as a measured run would load it: in a browser context of its own
 * holding the page's headers and cookies (and, behind a login, the cookies and storage its setup
 * left), until its load event, so that a script sending the visitor elsewhere (to the login page,
 * a client-side route) is seen too. The status of the document it ended on, that URL, and whether
 * the load event came within 10 s. When no document came, why: Chrome's own net error with what to
 * do about it, or no answer within 10 s. Null when Chrome could not be asked at all.
 */
export async function chromeAnswerOf(browser: Browser, page: PageToLoad, state: SessionState | null): Promise<ChromeAnswer | NoAnswer | null> {
  const context = await browser.createBrowserContext().catch(() => null);
  if (!context) return null;
  try {
    const tab = await context.newPage();
    const { screen, userAgent } = page;
    if (screen && !screen.disabled)
      await tab.setViewport({
        width: screen.width,
        height: screen.height,
        deviceScaleFactor: screen.deviceScaleFactor,
        isMobile: screen.mobile,
        hasTouch: screen.mobile,
      });
    if (typeof userAgent === 'string') await tab.setUserAgent(userAgent);
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
    let failure: unknown = null;
    const loaded = await tab.goto(page.url, { waitUntil: 'load', timeout: 10_000 }).then(
      () => true,
      (error: unknown) => {
        failure = error;
        return false;
      },
    );
    // A script that moves on at the load event is still on its way: give it a moment to land.
    if (landed) await tab.waitForNetworkIdle({ idleTime: 200, timeout: 2_000 }).catch(() => undefined);
    const answer = landed as Answer | null;
    if (answer) return { ...answer, loaded, painted: loaded && answer.status < 400 ? await paintedIn(tab, PAINT_WAIT_MS) : null };
    return { why: whyNoDocument(page.url, failure) };
  } catch {
    return null;
  } finally {
    await context.close().catch(() => undefined);
  }
}

/**
 * Whether the page in `tab` has had its first contentful paint, waiting up to `ms` for it (a page
 * that paints nothing, such as an empty body, Lighthouse fails with NO_FCP). Null when that cannot
 * be answered: the page went elsewhere meanwhile, or its script does not yield to the question.
 */
async function paintedIn(tab: Page, ms: number): Promise<boolean | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms + 1_000);
  });
  const asked = tab
    .evaluate(
      (wait) =>
        new Promise<boolean>((resolve) => {
          const seen = () => performance.getEntriesByName('first-contentful-paint').length > 0;
          if (seen()) return resolve(true);
          new PerformanceObserver(() => seen() && resolve(true)).observe({ type: 'paint', buffered: true });
          setTimeout(() => resolve(seen()), wait);
        }),
      ms,
    )
    .catch(() => null);
  try {
    return await Promise.race([asked, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Why Chrome got no document for `url`, from the navigation's error: its net error and the fix, or no answer in time. */
function whyNoDocument(url: string, failure: unknown): string {
  const netError = netErrorIn(`${(failure as Error | null)?.message ?? ''}`)?.netError;
  if (netError) return `Chrome could not load it ${netErrorWords(url, netError)}`;
  return (failure as Error | null)?.name === 'TimeoutError' ? 'no answer within 10 s' : `no document (${(failure as Error | null)?.message ?? 'none came'})`;
}

/**
 * Whether Chrome loads the page (as a run would, with its headers, cookies, session, screen and
 * user agent) and has painted nothing PAINT_WAIT_MS after its load event: a page another
 * Lighthouse try would fail with NO_FCP alike. False when it paints, did not load, or Chrome could
 * not say.
 */
export async function paintsNothing(browser: Browser, page: PageToLoad, state: SessionState | null): Promise<boolean> {
  const answer = await chromeAnswerOf(browser, page, state);
  return answer !== null && 'painted' in answer && answer.painted === false;
}
