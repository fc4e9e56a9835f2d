import type { ConfigProblem } from '../errors.js';
import type { CategoryId, FormFactor } from '../types.js';
import { type FoundPage, pagesFromPaths, pagesFromUrls } from './site-pages.js';
import type { StarterSite } from './starter-files.js';
import { importChromeFlags } from './chrome-flags-import.js';
import { importScreen } from './screen-import.js';
import { importThrottling } from './throttling-import.js';
import { DEFAULT_TIMEOUT_MS, type ScreenEmulation, type Throttling, type ThrottlingMethod } from '../config/model.js';
import { isObject } from './is-object.js';
import { LIGHTHOUSE_SETTINGS_TAKEN, lighthouseHeaders } from '../config/lighthouse-settings.js';
import { importList } from './import-list.js';
import { notImported } from './not-imported.js';
import { LHCI_COLLECT_BY_HAND, LHCI_COLLECT_UNMATCHED } from './lhci-collect-unmatched.js';
import { pagesKeyProblems } from '../config/validate.js';
import { userAgentProblems } from '../config/user-agent-problems.js';
import { localeProblems } from '../config/lighthouse-locales.js';
import { readAuditProblems } from '../config/read-audit-problems.js';

/** What Lighthouse CI's `collect` section says about the site and its pages, as pages.json takes it. */
export interface LhciSite {
  /** How the site is reached, or null when `collect` does not say (init then looks for the build folder). */
  site: StarterSite | null;
  /** The pages of `collect.url`, or null when Lighthouse CI finds them in `staticDistDir`. */
  pages: FoundPage[] | null;
  /** The URL each page has when Lighthouse CI measures it, in the pages' order: what `matchingUrlPattern` is tested on. */
  urls: string[] | null;
  /** `maxAutodiscoverUrls` (0: all) for the pages found in the build folder, or null. */
  maxPages: number | null;
  /** Paths `autodiscoverUrlBlocklist` leaves out of the pages found in the build folder. */
  blocked: string[];
  formFactor: FormFactor | null;
  /** `settings.throttlingMethod` and the `settings.throttling` values pages.json takes, or null. */
  throttlingMethod: ThrottlingMethod | null;
  throttling: Throttling | null;
  /** The `settings.screenEmulation` values pages.json takes, or null. */
  screenEmulation: ScreenEmulation | null;
  /** `settings.emulatedUserAgent` (false: Chrome's own), or null. */
  emulatedUserAgent: string | false | null;
  /** `settings.locale`, the language of the reports, or null. */
  locale: string | null;
  /** `settings.onlyCategories` but performance (which always runs), as pages.json's `categories`, or null. */
  categories: CategoryId[] | null;
  /** The longer of `settings.maxWaitForLoad` and `maxWaitForFcp` (Lighthouse's defaults for the other) as pages.json's `timeoutMs`, or null. */
  timeoutMs: number | null;
  /** `settings.skipAudits` as pages.json's `skipAudits`, without the audits perfgate reads, or null. */
  skipAudits: string[] | null;
  headers: Record<string, string> | null;
  blockedUrlPatterns: string[] | null;
  /** `settings.chromeFlags` and `puppeteerLaunchOptions.args`, each flag apart, without perfgate's own; null when neither is set. */
  chromeFlags: string[] | null;
  /** `puppeteerScript`, the login Lighthouse CI runs before each URL, relative to the config's folder, or null. */
  puppeteerScript: string | null;
  /** What was not imported, and why, each naming its key. */
  notes: string[];
}

/** The origin Lighthouse CI's own server has when it serves `staticDistDir` (its port is chosen at run time). */
export const LHCI_STATIC_ORIGIN = 'http://localhost:8080';

/**
 * `collect` keys perfgate does not take over, and what it does instead (rules as data): each one
 * set in the config becomes a note naming it. `numberOfRuns` and `chromePath` have a counterpart
 * a user sets by hand (the flag hints name it); the others have none.
 */
const NOT_IMPORTED: Record<string, string> = {
  ...LHCI_COLLECT_BY_HAND,
  ...LHCI_COLLECT_UNMATCHED,
};

/**
 * The site and pages of Lighthouse CI's `collect` section: `staticDistDir` (its URLs as paths on
 * it), `startServerCommand` with the URLs' origin, or the URLs of a site that is already running
 * (one origin as `baseUrl`, pages elsewhere by their full URL); `settings.preset` as the form
 * factor, `throttlingMethod`, `throttling`, `screenEmulation` and `emulatedUserAgent`, `extraHeaders`, `blockedUrlPatterns` and the Chrome
 * flags as pages.json has them.
 */
export function lhciSiteOf(collect: unknown, maxPages: number, problems: ConfigProblem[]): LhciSite {
  const out: LhciSite = {
    site: null,
    pages: null,
    urls: null,
    maxPages: null,
    blocked: [],
    formFactor: null,
    throttlingMethod: null,
    throttling: null,
    screenEmulation: null,
    emulatedUserAgent: null,
    locale: null,
    categories: null,
    skipAudits: null,
    timeoutMs: null,
    headers: null,
    blockedUrlPatterns: null,
    chromeFlags: null,
    puppeteerScript: null,
    notes: [],
  };
  if (collect === undefined) return out;
  if (!isObject(collect)) {
    problems.push({ where: 'ci.collect', what: 'is not an object', fix: 'write "collect": { "staticDistDir": "./dist" } or { "url": [...] }' });
    return out;
  }
  for (const [key, why] of Object.entries(NOT_IMPORTED)) if (collect[key] !== undefined) out.notes.push(`ci.collect.${key}: not imported: ${why}`);
  if (collect.isSinglePageApplication !== undefined && typeof collect.isSinglePageApplication !== 'boolean')
    out.notes.push('ci.collect.isSinglePageApplication: not imported: write it as true or false');
  else if (collect.isSinglePageApplication === true && typeof collect.staticDistDir !== 'string')
    out.notes.push('ci.collect.isSinglePageApplication: not imported: it only applies to a "staticDistDir" that Lighthouse CI serves');
  if (typeof collect.puppeteerScript === 'string') out.puppeteerScript = collect.puppeteerScript;
  const launchOptions = collect.puppeteerLaunchOptions;
  if (isObject(launchOptions)) {
    const { args, ...rest } = launchOptions;
    if (args !== undefined) addChromeFlags(importChromeFlags(args, 'ci.collect.puppeteerLaunchOptions.args'), out);
    if (Object.keys(rest).length > 0)
      out.notes.push(
        `ci.collect.puppeteerLaunchOptions: ${Object.keys(rest).join(', ')} not imported: perfgate launches Chrome itself (its args become "chromeFlags")`,
      );
  }
  const urls = (Array.isArray(collect.url) ? collect.url : collect.url === undefined ? [] : [collect.url]).map(String);
  const staticDir = typeof collect.staticDistDir === 'string' ? collect.staticDistDir.replace(/^\.\//, '').replace(/\/$/, '') || '.' : null;
  const command = typeof collect.startServerCommand === 'string' ? collect.startServerCommand : null;
  if (staticDir !== null) {
    out.site = { staticDir, ...(collect.isSinglePageApplication === true ? { singlePageApplication: true as const } : {}) };
    // Lighthouse CI serves the folder itself and puts its own host and port on each URL.
    const bad = urls.find((u) => !URL.canParse(u, LHCI_STATIC_ORIGIN));
    if (bad !== undefined) {
      problems.push({
        where: 'ci.collect.url',
        what: `${JSON.stringify(bad)} is not a URL or a path`,
        fix: 'write paths on the folder, e.g. "/" or "/about.html"',
      });
      return out;
    }
    if (urls.length > 0) {
      const paths = urls.map((u) => pathOf(new URL(u, LHCI_STATIC_ORIGIN)));
      out.pages = pagesFromPaths(paths, maxPages);
      out.urls = out.pages.map((p) => new URL(p.path, LHCI_STATIC_ORIGIN).href);
    } else {
      if (typeof collect.maxAutodiscoverUrls === 'number') out.maxPages = collect.maxAutodiscoverUrls;
      const blocklist = Array.isArray(collect.autodiscoverUrlBlocklist) ? collect.autodiscoverUrlBlocklist : [collect.autodiscoverUrlBlocklist];
      out.blocked = blocklist.filter((u): u is string => typeof u === 'string').map((u) => pathOf(new URL(u, LHCI_STATIC_ORIGIN)));
    }
  } else {
    const bad = urls.find((u) => !URL.canParse(u) || !/^https?:$/.test(new URL(u).protocol));
    if (bad !== undefined) {
      problems.push({ where: 'ci.collect.url', what: `${JSON.stringify(bad)} is not an http(s) URL`, fix: 'write full URLs, e.g. "http://localhost:3000/"' });
      return out;
    }
    if (urls.length === 0) {
      // Often given on lhci's command line (--collect.url=...): the site is found as without a config.
      out.notes.push(
        `ci.collect names no URL and no "staticDistDir" (given to lhci on its command line?): the site is found here instead (--dir, or --command and --url)`,
      );
      settingsOf(collect.settings, out);
      return out;
    }
    const origin = new URL(urls[0] as string).origin;
    out.site = command !== null ? { command, url: origin } : { baseUrl: origin };
    out.pages = pagesFromUrls(urls, origin, maxPages);
    out.urls = out.pages.map((p) => p.url ?? new URL(p.path, origin).href);
  }
  settingsOf(collect.settings, out);
  return out;
}

/** A path and query string of a URL, as pages.json names a page. */
const pathOf = (url: URL) => `${url.pathname}${url.search}`;

function settingsOf(settings: unknown, out: LhciSite): void {
  if (!isObject(settings)) return;
  importCategories(settings.onlyCategories, out);
  importSkipAudits(settings.skipAudits, out);
  importWaits(settings.maxWaitForLoad, settings.maxWaitForFcp, out);
  const preset = settings.preset ?? settings.formFactor;
  if (preset === 'desktop' || preset === 'mobile') out.formFactor = preset;
  else if (preset === 'perf' || preset === 'experimental')
    out.notes.push(`ci.collect.settings.preset: "${preset}" is not imported: perfgate measures "mobile" or "desktop"`);
  const throttling = importThrottling(settings.throttlingMethod, settings.throttling, 'ci.collect.settings');
  out.throttlingMethod = throttling.throttlingMethod;
  out.throttling = throttling.throttling;
  out.notes.push(...throttling.notes);
  const screen = importScreen(settings.screenEmulation, out.formFactor, 'ci.collect.settings');
  out.screenEmulation = screen.screenEmulation;
  out.notes.push(...screen.notes);
  const userAgent = settings.emulatedUserAgent;
  // The Lighthouse CLI reads --emulatedUserAgent=false (a string in a config written for the CLI) as false.
  if (userAgent === 'false') out.emulatedUserAgent = false;
  else if (userAgent !== undefined) {
    const problems = [...pagesKeyProblems('emulatedUserAgent', userAgent), ...userAgentProblems(userAgent)];
    if (problems.length === 0) out.emulatedUserAgent = userAgent as string | false;
    else out.notes.push(notImported('ci.collect.settings.emulatedUserAgent', problems));
  }
  if (settings.locale !== undefined) {
    const problems = [...pagesKeyProblems('locale', settings.locale), ...localeProblems(settings.locale)];
    if (problems.length === 0) out.locale = settings.locale as string;
    else out.notes.push(notImported('ci.collect.settings.locale', problems));
  }
  const headers = lighthouseHeaders(settings.extraHeaders);
  if (isObject(headers) && Object.values(headers).every((v) => typeof v === 'string')) out.headers = headers as Record<string, string>;
  else if (settings.extraHeaders !== undefined) out.notes.push('ci.collect.settings.extraHeaders: not imported: write them as "headers" in pages.json');
  if (Array.isArray(settings.blockedUrlPatterns) && settings.blockedUrlPatterns.every((p) => typeof p === 'string'))
    out.blockedUrlPatterns = settings.blockedUrlPatterns as string[];
  if (settings.chromeFlags !== undefined) addChromeFlags(importChromeFlags(settings.chromeFlags, 'ci.collect.settings.chromeFlags'), out);
  const others = Object.keys(settings).filter((key) => !LIGHTHOUSE_SETTINGS_TAKEN.includes(key));
  if (others.length > 0)
    out.notes.push(
      `ci.collect.settings: ${others.join(', ')} not imported: perfgate keeps the form factor preset's other settings, and runs the categories and audits its budgets need`,
    );
}

/**
 * `settings.onlyCategories` as pages.json's `categories`, each category pages.json would refuse
 * (Lighthouse 12 has no "pwa") named.
 */
function importCategories(value: unknown, out: LhciSite): void {
  const list = importList(value, 'ci.collect.settings.onlyCategories', 'categories', out.notes);
  if (list) out.categories = [...new Set(list as CategoryId[])].filter((id) => id !== 'performance');
}

/**
 * `settings.skipAudits` as pages.json's `skipAudits`, each audit perfgate reads in every run (a
 * metric, the resource weights) named and left out.
 */
function importSkipAudits(value: unknown, out: LhciSite): void {
  const readByPerfgate = (id: unknown) => (typeof id === 'string' ? readAuditProblems([id]) : []);
  const list = importList(value, 'ci.collect.settings.skipAudits', 'skipAudits', out.notes, readByPerfgate);
  if (list) out.skipAudits = [...new Set(list as string[])];
}

/** Lighthouse's waits when a config sets none: 30 s for the first paint, 45 s for the load. */
const LIGHTHOUSE_WAITS = { maxWaitForFcp: 30_000, maxWaitForLoad: 45_000 };

/**
 * `settings.maxWaitForLoad` and `maxWaitForFcp` as pages.json's `timeoutMs`, which is both: the
 * longer of the two (Lighthouse's default for the one not set), so that no page is given less time
 * than Lighthouse CI gave it. A value pages.json would refuse is named.
 */
function importWaits(load: unknown, fcp: unknown, out: LhciSite): void {
  if (load === undefined && fcp === undefined) return;
  const waits: number[] = [];
  for (const [key, value] of [
    ['maxWaitForLoad', load],
    ['maxWaitForFcp', fcp],
  ] as const) {
    // The Lighthouse CLI reads --max-wait-for-load=60000 as a number; a config written for it may hold the string.
    const ms = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : (value ?? LIGHTHOUSE_WAITS[key]);
    const problems = pagesKeyProblems('timeoutMs', ms);
    if (problems.length === 0) waits.push(ms as number);
    else out.notes.push(notImported(`ci.collect.settings.${key}`, problems));
  }
  const longest = Math.max(...waits);
  if (waits.length === 2 && longest !== DEFAULT_TIMEOUT_MS) out.timeoutMs = longest;
}

/** Imported Chrome flags join those imported before (settings and launch options may both give some). */
function addChromeFlags(imported: { flags: string[]; notes: string[] }, out: LhciSite): void {
  out.notes.push(...imported.notes);
  out.chromeFlags = [...new Set([...(out.chromeFlags ?? []), ...imported.flags])];
}
