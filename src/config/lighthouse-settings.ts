/**
 * A setting of Lighthouse's own (`collect.settings` in a lighthouserc) that pages.json writes under
 * another name: that key, its value from the one given, and what else to know (starting with its
 * separator: " (...)").
 */
export interface RenamedSetting {
  key: string;
  value?: (given: unknown) => unknown;
  after?: string;
}

/** A list as the Lighthouse CLI takes it, a string of comma-separated entries ("performance,seo"), as a list; any other value as it is. */
export const lighthouseList = (value: unknown): unknown => (typeof value === 'string' ? value.split(',').map((entry) => entry.trim()) : value);

/** Headers as the Lighthouse CLI takes them, a JSON string, as an object; any other value as it is. */
export function lighthouseHeaders(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

const FORM_FACTOR: RenamedSetting = {
  key: 'formFactor',
  // Lighthouse's "perf" and "experimental" presets measure as mobile does.
  value: (given) => (given === 'perf' || given === 'experimental' ? 'mobile' : given),
  after: ' ("mobile" or "desktop": perfgate keeps that preset\'s other settings)',
};
const TIMEOUT: RenamedSetting = { key: 'timeoutMs', after: ' (one limit for both the first paint and the load)' };

/** Lighthouse's settings that pages.json writes under another name (rules as data). */
export const LIGHTHOUSE_SETTINGS_RENAMED: Readonly<Record<string, RenamedSetting>> = {
  preset: FORM_FACTOR,
  onlyCategories: {
    key: 'categories',
    value: (given) => {
      const list = lighthouseList(given);
      return Array.isArray(list) ? list.filter((id) => id !== 'performance') : list;
    },
    after: ' (the categories besides performance, which always runs)',
  },
  extraHeaders: { key: 'headers', value: lighthouseHeaders },
  maxWaitForLoad: TIMEOUT,
  maxWaitForFcp: TIMEOUT,
};

/**
 * Lighthouse's settings, under Lighthouse's names, that pages.json takes (some renamed above);
 * perfgate keeps the form factor preset's others.
 */
export const LIGHTHOUSE_SETTINGS_TAKEN = [
  'preset',
  'formFactor',
  'throttlingMethod',
  'throttling',
  'screenEmulation',
  'emulatedUserAgent',
  'locale',
  'onlyCategories',
  'skipAudits',
  'maxWaitForLoad',
  'maxWaitForFcp',
  'extraHeaders',
  'blockedUrlPatterns',
  'chromeFlags',
];
