import type { Config } from 'lighthouse';
import { Launcher } from 'chrome-launcher';
import { auditIdsOf } from '../budgets/assert.js';
import type { BudgetRule, PagesConfig, ScreenEmulation, Throttling, ThrottlingMethod } from '../config/model.js';
import { configError, type ConfigProblem } from '../errors.js';
import { CATEGORY_IDS, USER_TIMINGS_AUDIT } from '../rules.js';
import type { CategoryId, FormFactor } from '../types.js';

/**
 * Chrome features that lab runs switch off, with why. Each costs CPU that competes with the page
 * being measured on a small machine, and none of it is part of any page's load.
 */
export const DISABLED_FEATURES: Readonly<Record<string, string>> = {
  // A window preloads its omnibox popup, a WebUI page whose renderer burns about a second of CPU
  // (measured on Chromium 156: 0.8-1.0 s per new window, 1 s at launch). Every run's browser context
  // opens a new window, so it burned while Lighthouse benchmarked the machine and the page started
  // loading, and it lowered the benchmark index and widened the spread of the runs.
  WebUIOmniboxPopup: 'preloads the omnibox popup (a WebUI page) in every new window',
  WebUIOmniboxAimPopup: 'preloads the AI-mode omnibox popup (a WebUI page) in every new window',
};

/**
 * The `--disable-features` flag for a launch: the features chrome-launcher's default flags disable
 * plus `extra`. Chrome honours only the last `--disable-features` it is given, so a second flag would
 * silently turn chrome-launcher's list back on.
 */
export function disableFeaturesFlag(defaultFlags: readonly string[], extra: readonly string[]): string {
  const prefix = '--disable-features=';
  const defaults = defaultFlags.filter((flag) => flag.startsWith(prefix)).flatMap((flag) => flag.slice(prefix.length).split(','));
  return prefix + [...new Set([...defaults, ...extra])].filter(Boolean).join(',');
}

/**
 * Chrome flags for lab runs, shared with the generated lighthouserc so that perfgate and
 * `lhci autorun` start Chrome the same way (both launch it with chrome-launcher's default flags, and
 * these after them). `--no-sandbox` only when running as root, where Chrome refuses to start without it.
 * `extra` are the user's (pages.json "chromeFlags", checked when loaded), after perfgate's; their
 * `--disable-features` joins perfgate's list, as Chrome honours only the last such flag.
 */
export function chromeFlags(extra: readonly string[] = []): string[] {
  const prefix = '--disable-features=';
  const disabled = extra.filter((flag) => flag.startsWith(prefix)).flatMap((flag) => flag.slice(prefix.length).split(','));
  const flags = [
    '--headless=new',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-dev-shm-usage',
    disableFeaturesFlag(Launcher.defaultFlags(), [...Object.keys(DISABLED_FEATURES), ...disabled]),
  ];
  if (process.getuid?.() === 0) flags.push('--no-sandbox');
  const own = new Set(flags);
  return [...flags, ...extra.filter((flag) => !flag.startsWith(prefix) && !own.has(flag))];
}

/** The Lighthouse settings both perfgate and the generated lighthouserc use, so both measure the same way. */
export interface LabSettings {
  /** Categories to run: performance always, every category a budget needs, and pages.json's `categories`. */
  onlyCategories: CategoryId[];
  /** Audits that audit budgets read, run besides the categories' (Lighthouse runs the union); absent when none. */
  onlyAudits?: string[];
  maxWaitForFcp: number;
  maxWaitForLoad: number;
  blockedUrlPatterns: string[];
  /** The full-page screenshot costs about a second a run and no budget reads it. */
  disableFullPageScreenshot: true;
  /**
   * pages.json's `skipAudits`, and the bf-cache audit: it navigates the page away and back after the
   * measured load, with request blocking no longer in force, so the page's RUM snippet would send its
   * beacons. It is a diagnostic without score weight, so lab runs skip it, unless an audit budget names it.
   */
  skipAudits: string[];
  /** pages.json's `throttlingMethod`; absent for Lighthouse's default (simulate). */
  throttlingMethod?: ThrottlingMethod;
  /** pages.json's `throttling`: values that replace the form factor preset's; absent when none. */
  throttling?: Throttling;
  /** pages.json's `screenEmulation`: values that replace the form factor preset's; absent when none. */
  screenEmulation?: ScreenEmulation;
  /** pages.json's `emulatedUserAgent`, in place of the preset's; absent for the preset's. */
  emulatedUserAgent?: string | false;
  /** pages.json's `locale`, the language of the reports; absent for Lighthouse's (en-US). */
  locale?: NonNullable<Config['settings']>['locale'];
}

/**
 * Lighthouse settings for a config: one definition for perfgate's runner and for lighthouserc.
 * Throws a UserError (exit 2) when pages.json's `skipAudits` names an audit a budget reads.
 */
export function labSettings(pages: PagesConfig, budgets: readonly BudgetRule[]): LabSettings {
  const needed = new Set<CategoryId>(['performance', ...pages.categories]);
  for (const rule of budgets) for (const id of Object.keys(rule.scores) as CategoryId[]) needed.add(id);
  const audits = auditIdsOf(budgets);
  const budgeted = skippedBudgetedProblems(pages.skipAudits, audits);
  if (budgeted.length > 0) throw configError(pages.file, budgeted);
  return {
    onlyCategories: CATEGORY_IDS.filter((id) => needed.has(id)),
    ...(audits.length > 0 ? { onlyAudits: audits } : {}),
    maxWaitForFcp: pages.timeoutMs,
    maxWaitForLoad: pages.timeoutMs,
    blockedUrlPatterns: pages.blockedUrlPatterns,
    disableFullPageScreenshot: true,
    skipAudits: [...new Set([...(audits.includes('bf-cache') ? [] : ['bf-cache']), ...pages.skipAudits])],
    ...(pages.throttlingMethod ? { throttlingMethod: pages.throttlingMethod } : {}),
    ...(Object.keys(pages.throttling).length > 0 ? { throttling: pages.throttling } : {}),
    ...(Object.keys(pages.screenEmulation).length > 0 ? { screenEmulation: pages.screenEmulation } : {}),
    ...(pages.emulatedUserAgent !== null ? { emulatedUserAgent: pages.emulatedUserAgent } : {}),
    // One of Lighthouse's: pages.json's locale was checked against its list (lighthouse-locales.ts).
    ...(pages.locale !== null ? { locale: pages.locale as LabSettings['locale'] } : {}),
  };
}

/** Each audit of `skipAudits` that an audit budget reads: Lighthouse would not run it, and the budget would have nothing to read. */
function skippedBudgetedProblems(skipped: readonly string[], budgeted: readonly string[]): ConfigProblem[] {
  return skipped.flatMap((id, i) =>
    budgeted.includes(id)
      ? [
          {
            where: `skipAudits[${i}]`,
            what: `"${id}" is read by ${id === USER_TIMINGS_AUDIT ? 'a user timing budget' : 'an audit budget'} (budgets.json), and a skipped audit is not run`,
            fix: 'remove it from skipAudits, or remove the budget',
          },
        ]
      : [],
  );
}

/** The Lighthouse preset name for a form factor, as `lighthouse --preset` and lighthouserc's `preset` take it. */
export const PRESETS: Record<FormFactor, 'perf' | 'desktop' | undefined> = {
  mobile: undefined,
  desktop: 'desktop',
};
