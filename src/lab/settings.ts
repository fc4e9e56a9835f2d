import type { BudgetRule, PagesConfig } from '../config/model.js';
import { CATEGORY_IDS } from '../rules.js';
import type { CategoryId, FormFactor } from '../types.js';

/**
 * Chrome flags for lab runs, shared with the generated lighthouserc so that perfgate and
 * `lhci autorun` start Chrome the same way. `--no-sandbox` only when running as root, where
 * Chrome refuses to start without it.
 */
export function chromeFlags(): string[] {
  const flags = [
    '--headless=new',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-dev-shm-usage',
  ];
  if (process.getuid?.() === 0) flags.push('--no-sandbox');
  return flags;
}

/** The Lighthouse settings both perfgate and the generated lighthouserc use, so both measure the same way. */
export interface LabSettings {
  /** Categories to run: performance always, plus every category a budget needs. */
  onlyCategories: CategoryId[];
  maxWaitForFcp: number;
  maxWaitForLoad: number;
  blockedUrlPatterns: string[];
  /** The full-page screenshot costs about a second a run and no budget reads it. */
  disableFullPageScreenshot: true;
  /**
   * The bf-cache audit navigates the page away and back after the measured load, with request
   * blocking no longer in force: the page's RUM snippet would send its beacons. It is a diagnostic
   * without score weight, so lab runs skip it.
   */
  skipAudits: ['bf-cache'];
}

/** Lighthouse settings for a config: one definition for perfgate's runner and for lighthouserc. */
export function labSettings(pages: PagesConfig, budgets: readonly BudgetRule[]): LabSettings {
  const needed = new Set<CategoryId>(['performance']);
  for (const rule of budgets) for (const id of Object.keys(rule.scores) as CategoryId[]) needed.add(id);
  return {
    onlyCategories: CATEGORY_IDS.filter((id) => needed.has(id)),
    maxWaitForFcp: pages.timeoutMs,
    maxWaitForLoad: pages.timeoutMs,
    blockedUrlPatterns: pages.blockedUrlPatterns,
    disableFullPageScreenshot: true,
    skipAudits: ['bf-cache'],
  };
}

/** The Lighthouse preset name for a form factor, as `lighthouse --preset` and lighthouserc's `preset` take it. */
export const PRESETS: Record<FormFactor, 'perf' | 'desktop' | undefined> = {
  mobile: undefined,
  desktop: 'desktop',
};
