import { describe, expect, it } from 'vitest';
import { DESKTOP_PRESET, emulationOf, lighthouseConfig, MOBILE_EMULATION } from '../../src/lab/lighthouse-config.js';
import type { LabSettings } from '../../src/lab/settings.js';

const settings = (extra: Partial<LabSettings> = {}): LabSettings => ({ onlyCategories: ['performance'], ...extra }) as LabSettings;

describe('emulationOf: the screen and user agent a config’s runs emulate, as Lighthouse resolves them', () => {
  it('mobile: Lighthouse’s Moto G Power; desktop: the preset’s', () => {
    expect(emulationOf(lighthouseConfig('mobile', settings()))).toEqual({
      screen: MOBILE_EMULATION.screenEmulation,
      userAgent: MOBILE_EMULATION.emulatedUserAgent,
    });
    expect(emulationOf(lighthouseConfig('desktop', settings()))).toEqual({
      screen: DESKTOP_PRESET.screenEmulation,
      userAgent: DESKTOP_PRESET.emulatedUserAgent,
    });
  });

  it('pages.json’s screen values replace the form factor’s one by one; its user agent replaces it, false for Chrome’s own', () => {
    const narrow = emulationOf(lighthouseConfig('mobile', settings({ screenEmulation: { width: 360, height: 740 } })));
    expect(narrow.screen).toEqual({ ...MOBILE_EMULATION.screenEmulation, width: 360, height: 740 });
    expect(emulationOf(lighthouseConfig('desktop', settings({ emulatedUserAgent: 'Acme Lab/1.0' }))).userAgent).toBe('Acme Lab/1.0');
    expect(emulationOf(lighthouseConfig('mobile', settings({ emulatedUserAgent: false }))).userAgent).toBe(false);
  });
});
