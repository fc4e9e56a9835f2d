import type { ScreenEmulation } from '../config/model.js';
import type { FormFactor } from '../types.js';
import { pagesKeyProblems } from '../config/validate.js';
import { isObject } from './is-object.js';
import { notImported } from './not-imported.js';

/**
 * Lighthouse CI's `settings.screenEmulation` as pages.json takes it: width, height, device scale
 * factor and disabled, as pages.json's schema takes them; `mobile` follows the form factor in
 * perfgate, so one that contradicts it is named. Each value the schema does not take is a note
 * naming its key and what the schema says of it.
 */
export function importScreen(screen: unknown, formFactor: FormFactor | null, where: string): { screenEmulation: ScreenEmulation | null; notes: string[] } {
  const notes: string[] = [];
  const kept: ScreenEmulation = {};
  if (isObject(screen)) {
    for (const [key, value] of Object.entries(screen)) {
      if (key === 'mobile') {
        if (value !== ((formFactor ?? 'mobile') === 'mobile'))
          notes.push(
            `${where}.screenEmulation.mobile: ${JSON.stringify(value)} is not imported: in perfgate it follows formFactor ("${formFactor ?? 'mobile'}")`,
          );
        continue;
      }
      const problems = pagesKeyProblems('screenEmulation', { [key]: value });
      if (problems.length === 0) Object.assign(kept, { [key]: value });
      else notes.push(notImported(`${where}.screenEmulation.${key}`, problems));
    }
  } else if (screen !== undefined) notes.push(`${where}.screenEmulation: not imported: it is not an object`);
  return { screenEmulation: Object.keys(kept).length > 0 ? kept : null, notes };
}
