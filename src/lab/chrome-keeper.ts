import type { Browser } from 'puppeteer-core';
import { interruptedBy } from '../errors.js';
import { openBlankPage, type BlankPage } from './blank-page.js';
import { forgetFailedFavicons, launchChrome, type ChromeSession } from './chrome.js';

/** The Chrome that the runs of one `runLab` share, and the blank pages it opens for them. */
export interface ChromeKeeper {
  /** The Chrome for the next run: the one in use, or a new one if it is gone. Throws `Interrupted` after an abort. */
  ready(): Promise<ChromeSession>;
  /** The run's blank page: the one opened ahead of time, or a new one. */
  takeBlankPage(browser: Browser): Promise<BlankPage>;
  /**
   * Called once a run's page has been measured and closed, while its audits compute: makes Chrome
   * forget failed favicons and, when another run is planned (`more`), opens that run's blank page.
   * With `fresh` it closes this Chrome instead, and starts the next run's Chrome.
   */
  afterGathered(browser: Browser, next: { fresh: boolean; more: boolean }): Promise<void>;
  /** Closes the Chrome in use (a launch under way included); the next `ready()` starts another. */
  close(): Promise<void>;
  /** Chrome's version, once one has started. */
  readonly version: string | null;
  /** How many times Chrome was started. */
  readonly launches: number;
}

/**
 * Starts Chrome at once and keeps it for the runs. Every blank page gets a browser context of its
 * own; the next run's page starts opening while a run's audits compute (nothing is measured then).
 * On abort, Chrome is closed.
 */
export function keepChrome(chromePath: string, signal?: AbortSignal, extraFlags: readonly string[] = []): ChromeKeeper {
  let chrome: Promise<ChromeSession> | null = null;
  let version: string | null = null;
  let launches = 0;
  let spare: { browser: Browser; page: Promise<BlankPage> } | null = null;

  const openSpare = (browser: Browser) => {
    const opening = browser.createBrowserContext().then(openBlankPage);
    opening.catch(() => undefined);
    spare = { browser, page: opening };
  };
  const launch = () => {
    launches++;
    const launching = launchChrome(chromePath, extraFlags).then((session) => {
      version = session.version;
      openSpare(session.browser);
      return session;
    });
    launching.catch(() => undefined);
    chrome = launching;
  };
  // Closing can start twice (on abort, and when the runner stops): every close() ends only when
  // every Chrome that was being closed is gone.
  let closing: Promise<unknown> = Promise.resolve();
  const close = async () => {
    const open = chrome;
    chrome = null;
    const all = Promise.all([closing, (async () => (await open?.catch(() => null))?.close())()]);
    closing = all.catch(() => undefined);
    await all;
  };

  // The runner's own close() waits for this one; a failure to remove a profile then is not worth
  // more than the interruption being reported.
  signal?.addEventListener('abort', () => void close().catch(() => undefined), { once: true });
  if (!signal?.aborted) launch();

  return {
    get version() {
      return version;
    },
    get launches() {
      return launches;
    },
    close,
    async ready() {
      if (signal?.aborted) throw interruptedBy(signal);
      if (!chrome) launch();
      let session = await (chrome as unknown as Promise<ChromeSession>);
      if (!session.browser.connected && !signal?.aborted) {
        await close();
        launch();
        session = await (chrome as unknown as Promise<ChromeSession>);
      }
      if (signal?.aborted) {
        await close();
        throw interruptedBy(signal);
      }
      return session;
    },
    async takeBlankPage(browser) {
      const ready = spare?.browser === browser ? spare.page : null;
      spare = null;
      return (await ready?.catch(() => null)) ?? openBlankPage(await browser.createBrowserContext());
    },
    async afterGathered(browser, { fresh, more }) {
      if (fresh) {
        // The next run's Chrome starts now, while the audits compute, so it has settled when that
        // run begins, as the Lighthouse CLI's has by then. (Measured the moment it was up, 15 runs
        // each on the runner test's page, a new Chrome gave FCP and LCP medians 5 % and 9 % later.)
        await close();
        if (more && !signal?.aborted) launch();
        return;
      }
      if (more) openSpare(browser);
      // Failing that, the next run gets a new Chrome.
      await forgetFailedFavicons(browser).catch(close);
    },
  };
}
