import lighthouse, { desktopConfig, generateReport, type Config, type Result } from 'lighthouse';
import type { Browser } from 'puppeteer-core';
import type { FormFactor } from '../types.js';
import type { LabSettings } from './settings.js';

/** The Lighthouse config of a form factor: the default (mobile) config, or the desktop preset. */
export function lighthouseConfig(formFactor: FormFactor, settings: LabSettings): Config {
  const preset = formFactor === 'desktop' ? desktopConfig.settings : {};
  return { extends: 'lighthouse:default', settings: { ...preset, ...settings } };
}

/**
 * One Lighthouse run in a fresh browser context of a running Chrome. A new context has its own
 * HTTP cache, sockets, cookies, storage and service workers, and closing it stops whatever the
 * previous page still had in flight: reusing the browser process then measures like a fresh browser.
 */
export async function runLighthouse(browser: Browser, url: string, config: Config): Promise<Result> {
  const context = await browser.createBrowserContext();
  try {
    const page = await context.newPage();
    const result = await lighthouse(url, { logLevel: 'error', output: 'json' }, config, page);
    if (!result) throw new Error('Lighthouse returned no result');
    // Lighthouse's request blocking ends with its session; closing the page then fires pagehide, and a
    // RUM snippet would send its batch. Block the same URLs on a session of our own until the page is gone.
    const blocked = config.settings?.blockedUrlPatterns ?? [];
    if (blocked.length > 0) {
      const cdp = await page.createCDPSession();
      await cdp.send('Network.enable');
      await cdp.send('Network.setBlockedURLs', { urls: blocked });
    }
    return result.lhr;
  } finally {
    await context.close().catch(() => undefined);
  }
}

/** The HTML report of a Lighthouse result. */
export function htmlReport(lhr: Result): string {
  return generateReport(lhr, 'html');
}
