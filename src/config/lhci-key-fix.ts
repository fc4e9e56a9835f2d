import { LHCI_COLLECT_BY_HAND, LHCI_COLLECT_UNMATCHED } from '../init/lhci-collect-unmatched.js';
import { urlPageNames } from './url-page-names.js';

const json = (value: unknown) => JSON.stringify(value) ?? '...';

const IMPORT = '`perfgate init --lhci-config FILE` turns a Lighthouse CI config into pages.json and budgets.json';
const PAGES = 'pages.json lists the pages to measure under "pages"; `perfgate init --dir DIR --max-pages N` finds them in the build folder';

/**
 * What pages.json writes for each of Lighthouse CI's `collect` keys (rules as data), given the
 * key's value: a key people bring from a lighthouserc's `collect` section to pages.json.
 */
const COLLECT: Record<string, (value: unknown) => string> = {
  numberOfRuns: (value) => `pages.json writes "runs": ${json(value)} (a fixed count per page), or leaves it out: ${LHCI_COLLECT_BY_HAND.numberOfRuns}`,
  staticDistDir: (value) => `pages.json writes "staticDir": ${json(value)}`,
  startServerCommand: (value) => `pages.json writes "command": ${json(value)}, with "url": the URL it serves, waited for before the runs`,
  isSinglePageApplication: (value) => `pages.json writes "singlePageApplication": ${json(value)}`,
  puppeteerScript: () =>
    'pages.json\'s "setup" is the login: a module whose default export async ({ browser, page, baseUrl, env }) logs in once; `perfgate init --lhci-config FILE` wraps a puppeteerScript as one',
  puppeteerLaunchOptions: () => `pages.json writes Chrome's flags as "chromeFlags"; ${LHCI_COLLECT_BY_HAND.chromePath}`,
  chromePath: () => LHCI_COLLECT_BY_HAND.chromePath,
  settings: () =>
    'pages.json writes Lighthouse\'s settings at its top level: "formFactor" (preset), "throttlingMethod", "throttling", "screenEmulation", "emulatedUserAgent", "locale", "categories" (onlyCategories), "skipAudits", "blockedUrlPatterns", "headers" (extraHeaders), "timeoutMs" (maxWaitForLoad) and "chromeFlags"',
  autodiscoverUrlBlocklist: () => PAGES,
  maxAutodiscoverUrls: () => PAGES,
  ...Object.fromEntries(Object.entries(LHCI_COLLECT_UNMATCHED).map(([key, why]) => [key, () => `pages.json has no counterpart: ${why}`])),
};

/** A lighthouserc's own top-level keys, and its sections: the whole config written as pages.json. */
const LHCIRC = ['ci', 'collect', 'assert', 'upload', 'server', 'wizard'];

/**
 * The fix for an unknown key at pages.json's top level that is Lighthouse CI's (`numberOfRuns`,
 * `startServerCommand`, `settings`, a lighthouserc's `ci`): what pages.json writes instead, from its
 * value; null for any other key.
 */
export function lhciKeyFix(key: string, value: unknown): string | null {
  const fix = Object.hasOwn(COLLECT, key) ? COLLECT[key] : undefined;
  if (fix) return `that is Lighthouse CI's collect.${key}: ${fix(value)}`;
  if (LHCIRC.includes(key)) return `that is a Lighthouse CI config's "${key}": ${IMPORT}`;
  return null;
}

/** The fix for pages.json's "url" written as a list of pages, as Lighthouse CI's collect.url is. */
export function urlListFix(urls: readonly unknown[]): string {
  const given = urls.filter((url): url is string => typeof url === 'string');
  const listed = given.length > 0 ? pagesOf(given).join(', ') : '{ "name": "/", "path": "/" }';
  return `a list of pages is Lighthouse CI's collect.url; pages.json lists them as "pages": [${listed}] (its "url" is the one URL "command" serves), or give each as \`perfgate run --url URL\``;
}

/**
 * Pages of pages.json written as their paths or URLs alone ("/pricing/"): the objects that measure
 * them, named as `perfgate run --url` names them (a string neither a path nor a URL taken as a path).
 */
export function pagesOf(given: readonly string[]): string[] {
  const asGiven = given.map((page) => (page.startsWith('/') || /^https?:$/.test(protocolOf(page)) ? page : `/${page}`));
  const names = urlPageNames(asGiven);
  return asGiven.map((page, i) => `{ "name": ${json(names[i])}, ${page.startsWith('/') ? `"path": ${json(page)}` : `"url": ${json(page)}`} }`);
}

function protocolOf(url: string): string {
  try {
    return new URL(url).protocol;
  } catch {
    return '';
  }
}
