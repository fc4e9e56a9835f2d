import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LIGHTHOUSE_LOCALES, lighthouseLocale, localeProblems } from '../../src/config/lighthouse-locales.js';

/** The Lighthouse the lab tests measure with: PERFGATE_LIGHTHOUSE's (npm run test:lighthouse-13), else the installed one. */
const lighthouseDir = process.env.PERFGATE_LIGHTHOUSE ?? path.dirname(createRequire(import.meta.url).resolve('lighthouse/package.json'));

describe('LIGHTHOUSE_LOCALES', () => {
  it('are the locales of the Lighthouse measured with, in its order (12.6.1 under npm test, 13 under test:lighthouse-13)', async () => {
    const { locales } = (await import(pathToFileURL(path.join(lighthouseDir, 'shared/localization/locales.js')).href)) as { locales: object };
    expect(LIGHTHOUSE_LOCALES).toEqual(Object.keys(locales));
  });
});

describe('lighthouseLocale: the locale Lighthouse writes a report in, looked up as Lighthouse looks it up', () => {
  it.each([
    ['de', 'de'],
    ['de-AT', 'de'],
    ['de-at', 'de'],
    ['pt-BR', 'pt'],
    ['pt-PT', 'pt-PT'],
    ['es-MX', 'es-MX'],
    ['es-ES', 'es'],
    ['en-CA', 'en'],
    ['zh-Hant-TW', 'zh'],
    ['nb', 'nb'],
    ['xx', null],
    ['de_DE', null],
    ['', null],
  ])('%s → %s', (value, expected) => {
    expect(lighthouseLocale(value)).toBe(expected);
  });

  it("agrees with the installed Lighthouse's own lookup, for every locale Node knows", async () => {
    const i18n = (await import(pathToFileURL(path.join(lighthouseDir, 'core/lib/i18n/i18n.js')).href)) as {
      lookupLocale: (locales: string[]) => string;
    };
    const known = Intl.DisplayNames.supportedLocalesOf(['de-CH', 'fr-CA', 'sr-Cyrl-RS', 'ga', 'sw', 'zh-CN', 'ms', 'fa', 'en-NZ', 'ca-ES']);
    expect(known.length, 'Node has full ICU').toBeGreaterThan(5);
    for (const locale of known) {
      const ours = lighthouseLocale(locale);
      const theirs = i18n.lookupLocale([locale]);
      // Lighthouse falls back to en-US where perfgate finds none.
      expect(ours ?? 'en-US', locale).toBe(theirs);
    }
  });
});

describe('localeProblems', () => {
  it.each([
    ['a locale Lighthouse has', 'fr', null],
    ['a regional locale of one', 'fr-CA', null],
    ['a language Lighthouse has no report in', 'ga', 'found "ga", a locale Lighthouse writes no report in (it would write en-US)'],
    ['no locale at all', 'german!', 'found "german!", which is not a locale'],
  ])('%s', (_, value, what) => {
    const problems = localeProblems(value);
    expect(problems.map((p) => p.what)).toEqual(what ? [what] : []);
    for (const p of problems) expect(p.where).toBe('locale');
  });

  it('leaves what the schema refuses to the schema', () => {
    expect(localeProblems(7)).toEqual([]);
    expect(localeProblems('')).toEqual([]);
  });
});
