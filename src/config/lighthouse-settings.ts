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
    value: (given) => (Array.isArray(given) ? given.filter((id) => id !== 'performance') : given),
    after: ' (the categories besides performance, which always runs)',
  },
  extraHeaders: { key: 'headers' },
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
