import { LHCI_COLLECT_BY_HAND, LHCI_COLLECT_UNMATCHED } from '../init/lhci-collect-unmatched.js';
import { urlPageNames } from './url-page-names.js';
import { LIGHTHOUSE_SETTINGS_RENAMED as SETTINGS, LIGHTHOUSE_SETTINGS_TAKEN, type RenamedSetting } from './lighthouse-settings.js';

const json = (value: unknown) => JSON.stringify(value) ?? '...';

const IMPORT = '`perfgate init --lhci-config FILE` turns a Lighthouse CI config into pages.json and budgets.json';
const PAGES = 'pages.json lists the pages to measure under "pages"; `perfgate init --dir DIR --max-pages N` finds them in the build folder';

/** Lighthouse CI's `collect` keys that pages.json writes under another name. */
const COLLECT_RENAMED: Record<string, RenamedSetting> = {
  numberOfRuns: { key: 'runs', after: ` (a fixed count per page), or leaves it out: ${LHCI_COLLECT_BY_HAND.numberOfRuns}` },
  staticDistDir: { key: 'staticDir' },
  startServerCommand: { key: 'command', after: ', with "url": the URL it serves, waited for before the runs' },
  isSinglePageApplication: { key: 'singlePageApplication' },
};

/** pages.json's keys that hold Lighthouse's settings. */
const SETTINGS_KEYS = [...new Set(LIGHTHOUSE_SETTINGS_TAKEN.map((name) => SETTINGS[name]?.key ?? name))];

/** Those of pages.json's keys of Lighthouse's settings, each with Lighthouse's names for it when they differ: `"headers" (extraHeaders)`. */
function settingsWritten(keys: readonly string[]): string {
  return keys
    .map((key) => {
      const names = Object.keys(SETTINGS).filter((name) => SETTINGS[name]?.key === key);
      return `"${key}"${names.length > 0 ? ` (${names.join(', ')})` : ''}`;
    })
    .join(', ');
}

/**
 * A page or user flow of pages.json, where an unknown key was found: which, and the keys it takes
 * itself ("runs", "formFactor", a page's "headers"); the file's top level takes the others.
 */
export interface Within {
  noun: 'page' | 'flow';
  keys: readonly string[];
}

/** Lighthouse CI's collect.settings: where pages.json writes Lighthouse's settings (in a page or flow, those it takes itself first). */
function settingsFix(within: Within | undefined): string {
  const own = SETTINGS_KEYS.filter((key) => within?.keys.includes(key));
  const others = SETTINGS_KEYS.filter((key) => !own.includes(key));
  const file = `pages.json writes Lighthouse's ${own.length > 0 ? 'other ' : ''}settings at its top level: ${settingsWritten(others)}`;
  return within && own.length > 0 ? `a ${within.noun} writes ${settingsWritten(own)} itself; ${file}` : file;
}

/** What pages.json writes for each of Lighthouse CI's other `collect` keys (rules as data), given the key's value. */
const COLLECT: Record<string, (value: unknown) => string> = {
  puppeteerScript: () =>
    'pages.json\'s "setup" is the login: a module whose default export async ({ browser, page, baseUrl, env }) logs in once; `perfgate init --lhci-config FILE` wraps a puppeteerScript as one',
  puppeteerLaunchOptions: () => `pages.json writes Chrome's flags as "chromeFlags"; ${LHCI_COLLECT_BY_HAND.chromePath}`,
  chromePath: () => LHCI_COLLECT_BY_HAND.chromePath,
  autodiscoverUrlBlocklist: () => PAGES,
  maxAutodiscoverUrls: () => PAGES,
  ...Object.fromEntries(Object.entries(LHCI_COLLECT_UNMATCHED).map(([key, why]) => [key, () => `pages.json has no counterpart: ${why}`])),
};

/** A lighthouserc's own top-level keys, and its sections: the whole config written as pages.json. */
const LHCIRC = ['ci', 'collect', 'assert', 'upload', 'server', 'wizard'];

/**
 * The fix for an unknown key of pages.json that is Lighthouse CI's (`numberOfRuns`,
 * `startServerCommand`, `settings`, a lighthouserc's `ci`) or a Lighthouse setting under its own
 * name (`preset`, `extraHeaders`, `maxWaitForLoad`): what pages.json writes instead, from its value;
 * null for any other key. `within`: the page or flow it was found in (absent at the top level),
 * which writes some of them itself.
 */
export function lhciKeyFix(key: string, value: unknown, within?: Within): string | null {
  const renamed = Object.hasOwn(COLLECT_RENAMED, key) ? COLLECT_RENAMED[key] : Object.hasOwn(SETTINGS, key) ? SETTINGS[key] : undefined;
  const whose = Object.hasOwn(SETTINGS, key) ? `Lighthouse's setting ${key} (Lighthouse CI's collect.settings.${key})` : `Lighthouse CI's collect.${key}`;
  if (renamed) return `that is ${whose}: ${writes(renamed, value, within)}`;
  if (key === 'settings') return `that is ${whose}: ${settingsFix(within)}`;
  const fix = Object.hasOwn(COLLECT, key) ? COLLECT[key] : undefined;
  if (fix) return `that is ${whose}: ${fix(value)}`;
  if (LHCIRC.includes(key)) return `that is a Lighthouse CI config's "${key}": ${IMPORT}`;
  return null;
}

/** `pages.json writes "runs": 3`, or `a page writes ...` in a page (or flow) that takes the key itself. */
function writes({ key, value, after }: RenamedSetting, given: unknown, within: Within | undefined): string {
  const written = `"${key}": ${json(value ? value(given) : given)}${after ?? ''}`;
  if (within === undefined) return `pages.json writes ${written}`;
  if (within.keys.includes(key)) return `a ${within.noun} writes ${written}`;
  return `pages.json writes it at its top level, for every ${within.noun === 'page' ? 'page' : 'flow and page'}: ${written}`;
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
