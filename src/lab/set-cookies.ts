import type { BrowserContext } from 'puppeteer-core';
import type { CookieSpec } from '../config/model.js';

/** Sets a page's cookies in a fresh browser context; a cookie without domain or URL belongs to the page's host. */
export async function setCookies(context: BrowserContext, pageUrl: string, cookies: readonly CookieSpec[]): Promise<void> {
  if (cookies.length === 0) return;
  await context.setCookie(
    ...cookies.map((c) => ({
      name: c.name,
      value: c.value,
      domain: c.domain ?? new URL(c.url ?? pageUrl).hostname,
      path: c.path ?? '/',
      httpOnly: c.httpOnly,
      secure: c.secure,
      ...(c.sameSite ? { sameSite: c.sameSite } : {}),
    })),
  );
}
