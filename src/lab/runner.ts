import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config, Result } from 'lighthouse';
import type { Browser } from 'puppeteer-core';
import { Interrupted } from '../errors.js';
import { extractRun, type RunSample } from '../metrics.js';
import { METRICS } from '../rules.js';
import { summarizePage, type PageResult, type ReportFiles } from '../results.js';
import type { RunError } from '../types.js';
import { launchChrome, type ChromeSession } from './chrome.js';
import { htmlReport, openBlankPage, prepareConfig, runLighthouse, type BlankPage, type PreparedConfig } from './lighthouse.js';
import type { Progress } from './progress.js';

/** One page to run, its URL resolved and its Lighthouse config chosen. */
export interface PlannedPage {
  name: string;
  url: string;
  runs: number;
  config: Config;
}

export interface RunnerOptions {
  chromePath: string;
  pages: PlannedPage[];
  /** Folder for run reports (`runs/`) and the representative reports (`reports/`). */
  outDir: string;
  progress: Progress;
  /** Longest a single run may take before Chrome is killed and the run counts as failed. */
  runTimeoutMs: number;
  /** Launch a new Chrome for every run instead of a fresh context in one Chrome (slower; for comparisons). */
  freshBrowser?: boolean;
  signal?: AbortSignal;
}

export interface LabOutput {
  pages: PageResult[];
  /** Every measured run, for the environment summary. */
  samples: RunSample[];
  chromeVersion: string | null;
}

type Attempt = { ok: true; lhr: Result; sample: RunSample } | { ok: false; error: RunError };

/** Whether the run saw a favicon request fail (Chrome then skips it in later runs of this browser). */
export function failedFavicon(lhr: Result): boolean {
  const items = (lhr.audits['network-requests']?.details as { items?: Array<{ url?: string; statusCode?: number }> } | undefined)?.items ?? [];
  return items.some((item) => /\/favicon\.ico(?:$|\?)/.test(item.url ?? '') && !((item.statusCode ?? 0) >= 200 && (item.statusCode ?? 0) < 400));
}

/** File-name-safe, unique slugs for page names. */
export function slugs(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((name) => {
    const base = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'page';
    let slug = base;
    for (let i = 2; used.has(slug); i++) slug = `${base}-${i}`;
    used.add(slug);
    return slug;
  });
}

const summary = (sample: RunSample) =>
  (['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time'] as const)
    .map((id) => {
      const value = sample.metrics[id];
      return `${METRICS[id].label} ${value === undefined ? '-' : Math.round(value)} ms`;
    })
    .join(', ');

/**
 * Runs Lighthouse over every page, `runs` times each, strictly one run at a time. A failed run is
 * retried once; a second failure records the page as an error and the other pages still run.
 * Every Chrome it starts is closed when it returns or throws (including on abort).
 */
export async function runLab(options: RunnerOptions): Promise<LabOutput> {
  const { pages, outDir, progress, signal } = options;
  await mkdir(path.join(outDir, 'runs'), { recursive: true });
  await mkdir(path.join(outDir, 'reports'), { recursive: true });

  let chrome: ChromeSession | null = null;
  let chromeVersion: string | null = null;
  const closeChrome = async () => {
    const open = chrome;
    chrome = null;
    await open?.close();
  };
  // The next run's blank page: opened right after Chrome starts (while the config resolves), and
  // while a run's audits compute (nothing is measured then).
  let spare: { browser: Browser; page: Promise<BlankPage> } | null = null;
  const openSpare = (browser: Browser) => {
    const opening = openBlankPage(browser);
    opening.catch(() => undefined);
    spare = { browser, page: opening };
  };
  const takeBlankPage = async (browser: Browser): Promise<BlankPage> => {
    const ready = spare?.browser === browser ? spare.page : null;
    spare = null;
    return (await ready?.catch(() => null)) ?? openBlankPage(browser);
  };

  const onAbort = () => void closeChrome();
  signal?.addEventListener('abort', onAbort);
  const ensureChrome = async (): Promise<ChromeSession> => {
    if (signal?.aborted) throw new Interrupted(String(signal.reason ?? 'SIGINT'));
    if (chrome && !chrome.browser.connected) await closeChrome();
    if (!chrome) {
      chrome = await launchChrome(options.chromePath);
      chromeVersion = chrome.version;
      openSpare(chrome.browser);
      if (signal?.aborted) {
        await closeChrome();
        throw new Interrupted(String(signal.reason ?? 'SIGINT'));
      }
    }
    return chrome;
  };

  // Each distinct config is resolved once (pages of one form factor share it).
  const prepared = new Map<string, Promise<PreparedConfig>>();
  const prepare = (config: Config) => {
    const key = JSON.stringify(config);
    if (!prepared.has(key)) prepared.set(key, prepareConfig(config));
    return prepared.get(key) as Promise<PreparedConfig>;
  };

  const attempt = async (page: PlannedPage): Promise<Attempt> => {
    // The first time, Chrome starts and opens a page while the config resolves.
    const [config, session] = await Promise.all([prepare(page.config), ensureChrome()]);
    let timer: NodeJS.Timeout | undefined;
    const watchdog = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error(`the run took longer than ${options.runTimeoutMs / 1000} s`), { code: 'RUN_TIMEOUT' })), options.runTimeoutMs);
    });
    try {
      const run = takeBlankPage(session.browser).then((target) => runLighthouse(target, page.url, config, () => openSpare(session.browser)));
      const lhr = await Promise.race([run, watchdog]);
      // Chrome remembers failed favicons browser-wide (not per context): the next run would skip the
      // request that a fresh Chrome makes, and Lighthouse's server-latency estimate can move by
      // seconds with it. After such a run, the next one gets a new Chrome.
      if (failedFavicon(lhr)) await closeChrome();
      const sample = extractRun(lhr);
      if (sample.runtimeError) return { ok: false, error: sample.runtimeError };
      return { ok: true, lhr, sample };
    } catch (error) {
      if (signal?.aborted) throw new Interrupted(String(signal.reason ?? 'SIGINT'));
      // Chrome may be hung or gone: start a new one for the next attempt.
      await closeChrome();
      const code = (error as { code?: unknown }).code;
      return { ok: false, error: { code: typeof code === 'string' ? code : 'RUN_FAILED', message: (error as Error).message } };
    } finally {
      clearTimeout(timer);
      if (options.freshBrowser) await closeChrome();
    }
  };

  const results: PageResult[] = [];
  const allSamples: RunSample[] = [];
  const pageSlugs = slugs(pages.map((p) => p.name));
  try {
    for (const [index, page] of pages.entries()) {
      const slug = pageSlugs[index] as string;
      const samples: RunSample[] = [];
      const lhrs: Result[] = [];
      const retries: Array<{ run: number; error: RunError }> = [];
      let pageError: RunError | null = null;
      for (let run = 1; run <= page.runs && !pageError; run++) {
        for (let tries = 1; ; tries++) {
          progress.start(page.name, run, page.runs);
          const outcome = await attempt(page);
          if (outcome.ok) {
            samples.push(outcome.sample);
            lhrs.push(outcome.lhr);
            await writeFile(path.join(outDir, 'runs', `${slug}-${run}.json`), JSON.stringify(outcome.lhr));
            progress.done(page.name, run, page.runs, summary(outcome.sample));
            break;
          }
          progress.done(page.name, run, page.runs, `failed: ${outcome.error.code}`);
          if (tries === 1) {
            retries.push({ run, error: outcome.error });
            progress.note(`  ${page.name}: ${outcome.error.code}, retrying once`);
            continue;
          }
          pageError = outcome.error;
          progress.note(`  ${page.name}: ${outcome.error.code} again; recorded as an error, going on with the other pages`);
          break;
        }
      }
      const result = summarizePage({ name: page.name, url: page.url, runs: page.runs, samples, error: pageError, retries });
      if (!pageError) {
        const representative = lhrs[result.representativeRun];
        if (representative) result.reports = await writeReports(outDir, slug, representative);
        allSamples.push(...samples);
      }
      results.push(result);
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await closeChrome();
    progress.stop();
  }
  return { pages: results, samples: allSamples, chromeVersion };
}

async function writeReports(outDir: string, slug: string, lhr: Result): Promise<ReportFiles> {
  const json = path.join('reports', `${slug}.report.json`);
  const html = path.join('reports', `${slug}.report.html`);
  await writeFile(path.join(outDir, json), JSON.stringify(lhr, null, 2));
  await writeFile(path.join(outDir, html), htmlReport(lhr));
  return { json, html };
}
