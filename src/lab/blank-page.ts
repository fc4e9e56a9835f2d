import type { BrowserContext, Page } from 'puppeteer-core';

/** A blank page in a browser context of its own, ready for one run. */
export interface BlankPage {
  context: BrowserContext;
  page: Page;
}

/**
 * Opens a blank page in a new browser context (closed again if the page cannot open). A new
 * context has its own HTTP cache, sockets, cookies, storage and service workers, and closing it
 * stops whatever the previous page still had in flight: reusing the browser process then measures
 * like a fresh browser.
 */
export async function openBlankPage(context: BrowserContext): Promise<BlankPage> {
  try {
    return { context, page: await context.newPage() };
  } catch (error) {
    await context.close().catch(() => undefined);
    throw error;
  }
}
