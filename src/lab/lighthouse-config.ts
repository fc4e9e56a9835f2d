import type { Config } from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import type { FormFactor } from '../types.js';
import type { LabSettings } from './settings.js';

/** The Lighthouse config of a form factor (the default mobile config, or the desktop preset), with a page's extra request headers. */
export function lighthouseConfig(formFactor: FormFactor, settings: LabSettings, headers: Record<string, string> = {}): Config {
  const preset = formFactor === 'desktop' ? desktopConfig.settings : {};
  return { extends: 'lighthouse:default', settings: { ...preset, ...settings, ...(Object.keys(headers).length > 0 ? { extraHeaders: headers } : {}) } };
}
