import type { ScreenEmulation } from '../config/model.js';
import type { FormFactor } from '../types.js';
import { isObject } from './is-object.js';

/** Whether a value is one pages.json's screenEmulation takes for a key (rules as data, the schema's ranges). */
const TAKES: Record<keyof ScreenEmulation, { check: (v: unknown) => boolean; what: string }> = {
  width: { check: (v) => Number.isInteger(v) && (v as number) >= 200 && (v as number) <= 10000, what: 'a whole number from 200 to 10000' },
  height: { check: (v) => Number.isInteger(v) && (v as number) >= 200 && (v as number) <= 10000, what: 'a whole number from 200 to 10000' },
  deviceScaleFactor: { check: (v) => typeof v === 'number' && v >= 0.5 && v <= 10, what: 'a number from 0.5 to 10' },
  disabled: { check: (v) => typeof v === 'boolean', what: 'true or false' },
};

/**
 * Lighthouse CI's `settings.screenEmulation` as pages.json takes it: width, height, device scale
 * factor and disabled; `mobile` follows the form factor in perfgate, so one that contradicts it is
 * named. Each value pages.json cannot hold is a note naming its key.
 */
export function importScreen(screen: unknown, formFactor: FormFactor | null, where: string): { screenEmulation: ScreenEmulation | null; notes: string[] } {
  const notes: string[] = [];
  const kept: ScreenEmulation = {};
  if (isObject(screen)) {
    for (const [key, value] of Object.entries(screen)) {
      const rule = TAKES[key as keyof ScreenEmulation];
      if (key === 'mobile') {
        if (value !== ((formFactor ?? 'mobile') === 'mobile'))
          notes.push(
            `${where}.screenEmulation.mobile: ${JSON.stringify(value)} is not imported: in perfgate it follows formFactor ("${formFactor ?? 'mobile'}")`,
          );
      } else if (!rule) notes.push(`${where}.screenEmulation.${key}: not imported: pages.json's screenEmulation takes ${Object.keys(TAKES).join(', ')}`);
      else if (!rule.check(value)) notes.push(`${where}.screenEmulation.${key}: ${JSON.stringify(value)} is not imported: write ${rule.what}`);
      else Object.assign(kept, { [key]: value });
    }
  } else if (screen !== undefined) notes.push(`${where}.screenEmulation: not imported: it is not an object`);
  return { screenEmulation: Object.keys(kept).length > 0 ? kept : null, notes };
}
