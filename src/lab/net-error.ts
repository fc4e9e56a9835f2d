import type { Browser } from 'puppeteer-core';

/**
 * What Chrome's own network stack says when it is sent to `url` in a browser context of its own:
 * a net error such as `net::ERR_CONNECTION_REFUSED`, or null when an answer came (whatever its
 * status), when none came within `timeoutMs`, or when Chrome could not be asked. It waits for the
 * navigation to commit, not for the page to load, and closes the context at once: nothing the
 * measured runs share is touched (each run has a context of its own).
 */
export async function netErrorOf(browser: Browser, url: string, timeoutMs = 5000): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  const context = await browser.createBrowserContext().catch(() => null);
  if (!context) return null;
  try {
    const page = await context.newPage();
    const cdp = await page.createCDPSession();
    const timeout = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), timeoutMs);
    });
    const answer = await Promise.race([cdp.send('Page.navigate', { url }), timeout]);
    const error = answer?.errorText;
    // An aborted navigation (a download, a navigation that replaced it) says nothing about the site.
    return error && error !== 'net::ERR_ABORTED' ? error : null;
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
    await context.close().catch(() => undefined);
  }
}
