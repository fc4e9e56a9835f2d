import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
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
export async function launchChrome(chromePath: string, extraFlags: readonly string[] = []): Promise<ChromeSession> {
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'perfgate-chrome-'));
  // Chrome's own temporary files go to a folder of their own, removed with the profile: its
  // single-instance socket, and the shared memory files that --disable-dev-shm-usage puts in the
  // temporary folder. Chrome is killed, so it cannot remove them itself; one it was writing when it
  // died would stay behind in $TMPDIR.
  const chromeTmp = await mkdtemp(path.join(os.tmpdir(), 'perfgate-chrome-tmp-'));
  let chrome: LaunchedChrome | undefined;
  const close = async () => {
    try {
      const exited = chrome && processExit(chrome);
      const group = chrome?.pid;
      chrome?.kill();
      await exited;
      if (group) await groupGone(group);
    } finally {
      await rm(userDataDir, { recursive: true, force: true, maxRetries: 3 });
      await rm(chromeTmp, { recursive: true, force: true, maxRetries: 3 });
    }
  };
  try {
    chrome = await launch({
      chromePath,
      chromeFlags: chromeFlags(extraFlags),
      userDataDir,
      envVars: { ...process.env, TMPDIR: chromeTmp },
      handleSIGINT: false,
      logLevel: 'silent',
    });
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
    const flags = extraFlags.length > 0 ? ` It was given pages.json's chromeFlags (${extraFlags.join(' ')}): does it start without them?` : '';
    throw new UserError(`Chrome at ${chromePath} did not start: ${(error as Error).message}.${flags} ${INSTALL_HINT}`);
  }
}

/** Resolves when Chrome's browser process has exited (at once if it has), or after 5 s at most. */
function processExit(chrome: LaunchedChrome): Promise<void> {
  const child = chrome.process;
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * Resolves when no live process of a process group is left, or after 2 s at most. chrome-launcher
 * kills Chrome's whole group at once, but its renderers and services die a moment after the browser
 * process. Linux only (it reads /proc); elsewhere it resolves at once.
 */
async function groupGone(group: number): Promise<void> {
  const until = Date.now() + 2000;
  while (Date.now() < until && (await groupAlive(group))) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** Whether a process of the group is alive (a zombie, dead but not yet reaped, does not count). */
async function groupAlive(group: number): Promise<boolean> {
  const pids = (await readdir('/proc').catch(() => [])).filter((name) => /^\d+$/.test(name));
  const stats = await Promise.all(pids.map((pid) => readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '')));
  return stats.some((stat) => {
    // "pid (command) state ppid pgrp ...": the command may hold spaces and parentheses.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(pgrp) === group && state !== 'Z';
  });
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
