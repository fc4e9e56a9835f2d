import { isObject } from './is-object.js';
/** The presets Lighthouse CI has (`assert.preset`). */
export const LHCI_PRESETS = ['lighthouse:all', 'lighthouse:recommended', 'lighthouse:no-pwa'];

/**
 * What `perfgate init` knows of Lighthouse CI's presets: the assertions of each preset it could
 * load from the project's Lighthouse CI (by name), and the audits of the Lighthouse that will
 * measure (null when unknown), so that a preset's audits that Lighthouse lacks are left out.
 */
export interface LhciPresets {
  assertions: Readonly<Record<string, Record<string, unknown>>>;
  knownAudits: ReadonlySet<string> | null;
  /** The Lighthouse whose audits those are, for notes: "Lighthouse 13.0.1". */
  lighthouse: string;
}

/** The presets a Lighthouse CI config names (`ci.assert.preset`, and each `assertMatrix` entry's). */
export function presetNamesOf(rc: unknown): string[] {
  const assert = isObject(rc) && isObject(rc.ci) ? rc.ci.assert : undefined;
  if (!isObject(assert)) return [];
  const blocks = Array.isArray(assert.assertMatrix) ? assert.assertMatrix : [assert];
  return [...new Set(blocks.map((block) => (isObject(block) ? block.preset : undefined)).filter((name): name is string => typeof name === 'string'))];
}

/**
 * One assertion as Lighthouse CI makes it from its preset's and the config's (lodash's merge of the
 * two): a string replaces the preset's; a list replaces its level and merges its options in.
 */
function mergedAssertion(preset: unknown, own: unknown): unknown {
  if (own === undefined) return preset;
  if (!Array.isArray(preset) || !Array.isArray(own)) return own;
  const out = [...preset];
  own.forEach((item, i) => {
    if (item === undefined) return;
    out[i] = isObject(out[i]) && isObject(item) ? { ...out[i], ...item } : item;
  });
  return out;
}

/**
 * A block's assertions over its preset's, as Lighthouse CI merges them, and which keys come from
 * the preset alone.
 */
export function withPreset(preset: Record<string, unknown>, own: Record<string, unknown>): { assertions: Record<string, unknown>; fromPreset: Set<string> } {
  const assertions: Record<string, unknown> = { ...preset };
  for (const [key, value] of Object.entries(own)) assertions[key] = key in preset ? mergedAssertion(preset[key], value) : value;
  return { assertions, fromPreset: new Set(Object.keys(preset).filter((key) => !(key in own))) };
}
