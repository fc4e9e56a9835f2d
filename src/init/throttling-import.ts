import type { Throttling, ThrottlingMethod } from '../config/model.js';
import { pagesKeyProblems } from '../config/validate.js';
import { notImported } from './not-imported.js';
import { isObject } from './is-object.js';

/**
 * Lighthouse CI's `settings.throttlingMethod` and `settings.throttling` as pages.json takes them:
 * each value pages.json's schema takes is kept, and each one it does not is a note naming its key
 * and what the schema says of it.
 */
export function importThrottling(
  method: unknown,
  throttling: unknown,
  where: string,
): { throttlingMethod: ThrottlingMethod | null; throttling: Throttling | null; notes: string[] } {
  const notes: string[] = [];
  let throttlingMethod: ThrottlingMethod | null = null;
  if (method !== undefined) {
    const problems = pagesKeyProblems('throttlingMethod', method);
    if (problems.length === 0) throttlingMethod = method as ThrottlingMethod;
    else notes.push(notImported(`${where}.throttlingMethod`, problems));
  }
  const kept: Throttling = {};
  if (isObject(throttling)) {
    for (const [key, value] of Object.entries(throttling)) {
      const problems = pagesKeyProblems('throttling', { [key]: value });
      if (problems.length === 0) kept[key as keyof Throttling] = value as number;
      else notes.push(notImported(`${where}.throttling.${key}`, problems));
    }
  } else if (throttling !== undefined) notes.push(`${where}.throttling: not imported: it is not an object`);
  return { throttlingMethod, throttling: Object.keys(kept).length > 0 ? kept : null, notes };
}
