import { PRESET_THROTTLING } from '../preset-throttling.js';
import { type Environment, formFactorSettings } from '../results.js';
import { measuredWith } from './measured-with.js';

/**
 * The form factor and throttling of runs in words, when they are not Lighthouse's preset for that
 * form factor (pages.json's `throttlingMethod` or `throttling`): "mobile, devtools throttling (CPU
 * 2x, …)". null for the preset's own throttling, or when the runs do not say.
 */
export function customThrottling(environment: Pick<Environment, 'formFactor' | 'throttlingMethod' | 'throttling'>): string | null {
  const { formFactor } = environment;
  if (formFactor === null) return null;
  const words = measuredWith(formFactor, environment);
  const preset = measuredWith(formFactor, { throttlingMethod: 'simulate', throttling: PRESET_THROTTLING[formFactor] });
  return words !== null && words !== preset ? words : null;
}

/**
 * The custom throttling of each form factor a run measured (the first run's, then the other's when
 * pages of both were measured), in words; empty when every one used its preset's.
 */
export function customThrottlings(environment: Environment): string[] {
  return formFactorSettings(environment)
    .map(customThrottling)
    .filter((words): words is string => words !== null);
}
