import type { Config } from 'lighthouse';
import type { Screen } from '../metrics.js';
import type { FormFactor } from '../types.js';
import { PRESET_THROTTLING } from '../preset-throttling.js';
import type { LabSettings } from './settings.js';

/**
 * Lighthouse's desktop preset (`core/config/desktop-config.js`, the same in 12.6 and 13.x): kept here
 * as data so that building a config needs no Lighthouse module (the installed one is loaded and
 * checked only when a run starts). A test compares it with the installed Lighthouse's preset.
 */
export const DESKTOP_PRESET = {
  formFactor: 'desktop',
  throttling: PRESET_THROTTLING.desktop,
  screenEmulation: { mobile: false, width: 1350, height: 940, deviceScaleFactor: 1, disabled: false },
  emulatedUserAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/136.0.0.0 Safari/537.36',
} as const satisfies Config['settings'];

/**
 * What Lighthouse emulates on mobile when nothing else is set (`core/config/constants.js`: the Moto G
 * Power's screen and user agent, the same in 12.6 and 13.x), kept as data like the desktop preset; a
 * test compares it with the installed Lighthouse's.
 */
export const MOBILE_EMULATION = {
  screenEmulation: { mobile: true, width: 412, height: 823, deviceScaleFactor: 1.75, disabled: false },
  emulatedUserAgent: 'Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/136.0.0.0 Mobile Safari/537.36',
} as const;

/** The screen and user agent a config's runs emulate, as Lighthouse resolves them (false: Chrome's own user agent). */
export function emulationOf(config: Config): { screen: Screen; userAgent: string | false } {
  const settings = config.settings ?? {};
  const own = settings.formFactor === 'desktop' ? DESKTOP_PRESET.emulatedUserAgent : MOBILE_EMULATION.emulatedUserAgent;
  const userAgent = settings.emulatedUserAgent;
  return {
    screen: { ...MOBILE_EMULATION.screenEmulation, ...settings.screenEmulation },
    // true (or none): the form factor's own; false: Chrome's.
    userAgent: typeof userAgent === 'string' || userAgent === false ? userAgent : own,
  };
}

/**
 * The Lighthouse config of a form factor (the default mobile config, or the desktop preset), with a
 * page's extra request headers. pages.json's throttling and screen values replace the preset's one by
 * one (on mobile Lighthouse merges them into its defaults, as the Lighthouse CLI merges a
 * lighthouserc's settings into its preset).
 */
export function lighthouseConfig(formFactor: FormFactor, settings: LabSettings, headers: Record<string, string> = {}): Config {
  const preset: Config['settings'] = formFactor === 'desktop' ? structuredClone(DESKTOP_PRESET) : {};
  const throttling = settings.throttling ? { throttling: { ...preset?.throttling, ...settings.throttling } } : {};
  const screen = settings.screenEmulation ? { screenEmulation: { ...preset?.screenEmulation, ...settings.screenEmulation } } : {};
  return {
    extends: 'lighthouse:default',
    settings: { ...preset, ...settings, ...throttling, ...screen, ...(Object.keys(headers).length > 0 ? { extraHeaders: headers } : {}) },
  };
}
