import { closest, type ConfigProblem } from '../errors.js';

/**
 * The locales Lighthouse 12.6 and 13 write reports in: the keys of its `shared/localization/locales.js`,
 * aliases included (`es-MX` for `es-419`, `nb` for `no`), in its order. test/config/lighthouse-locales.test.ts
 * holds this list to the installed Lighthouse's.
 */
export const LIGHTHOUSE_LOCALES: readonly string[] = [
  'en-US',
  'en',
  'en-AU',
  'en-GB',
  'en-IE',
  'en-SG',
  'en-ZA',
  'en-IN',
  'ar-XB',
  'ar',
  'bg',
  'ca',
  'cs',
  'da',
  'de',
  'el',
  'en-XA',
  'en-XL',
  'es',
  'es-419',
  'es-AR',
  'es-BO',
  'es-BR',
  'es-BZ',
  'es-CL',
  'es-CO',
  'es-CR',
  'es-CU',
  'es-DO',
  'es-EC',
  'es-GT',
  'es-HN',
  'es-MX',
  'es-NI',
  'es-PA',
  'es-PE',
  'es-PR',
  'es-PY',
  'es-SV',
  'es-US',
  'es-UY',
  'es-VE',
  'fi',
  'fil',
  'fr',
  'he',
  'hi',
  'hr',
  'hu',
  'gsw',
  'id',
  'in',
  'it',
  'iw',
  'ja',
  'ko',
  'lt',
  'lv',
  'mo',
  'nl',
  'nb',
  'no',
  'pl',
  'pt',
  'pt-PT',
  'ro',
  'ru',
  'sk',
  'sl',
  'sr',
  'sr-Latn',
  'sv',
  'ta',
  'te',
  'th',
  'tl',
  'tr',
  'uk',
  'vi',
  'zh',
  'zh-HK',
  'zh-TW',
];

const AVAILABLE = new Set(LIGHTHOUSE_LOCALES);

/** The languages those locales are in (`es` of `es-419`), for an error that lists them. */
const LANGUAGES = [...new Set(LIGHTHOUSE_LOCALES.map((locale) => locale.split('-')[0] as string))].sort();

/** `value` as `Intl` spells a locale (`de-at` is `de-AT`), or null when it is none. */
function canonicalLocale(value: string): string | null {
  try {
    return Intl.getCanonicalLocales(value)[0] ?? null;
  } catch {
    return null;
  }
}

/**
 * The locale Lighthouse writes its report in for `value`, as Lighthouse looks it up: canonical
 * (`de-at` is `de-AT`), then without its last subtag until one is found (`de-AT` is `de`); null when
 * none is (Lighthouse then writes en-US and says so only in its log) or `value` is no locale.
 */
export function lighthouseLocale(value: string): string | null {
  const parts = canonicalLocale(value)?.split('-') ?? [];
  for (let n = parts.length; n > 0; n--) {
    const candidate = parts.slice(0, n).join('-');
    if (AVAILABLE.has(candidate)) return candidate;
  }
  return null;
}

/**
 * What pages.json's `locale` may not be beyond its schema's type: a locale Lighthouse has no report
 * in (it would quietly write en-US), or no locale at all. Written once for pages.json and for the
 * locale `perfgate init` imports from a lighthouserc.
 */
export function localeProblems(value: unknown): ConfigProblem[] {
  if (typeof value !== 'string' || value.length === 0 || lighthouseLocale(value) !== null) return [];
  // POSIX spells a locale with an underscore (de_DE, as in LANG): the same with a hyphen is the guess.
  const hyphenated = value.replace(/_/g, '-');
  const guess = hyphenated !== value && lighthouseLocale(hyphenated) ? hyphenated : closest(value, LIGHTHOUSE_LOCALES);
  return [
    {
      where: 'locale',
      what: canonicalLocale(value)
        ? `found ${JSON.stringify(value)}, a locale Lighthouse writes no report in (it would write en-US)`
        : `found ${JSON.stringify(value)}, which is not a locale`,
      fix: `${guess ? `did you mean "${guess}"? ` : ''}write a locale of one of Lighthouse's languages (${LANGUAGES.join(', ')}), such as "de" or "pt-BR"`,
    },
  ];
}
