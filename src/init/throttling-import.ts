import type { Throttling, ThrottlingMethod } from '../config/model.js';
import { isObject } from './is-object.js';

/** The throttling values pages.json takes, with the range its schema allows (rules as data). */
const RANGES: Record<keyof Throttling, [number, number]> = {
  cpuSlowdownMultiplier: [1, 100],
  rttMs: [0, Number.POSITIVE_INFINITY],
  throughputKbps: [0, Number.POSITIVE_INFINITY],
  requestLatencyMs: [0, Number.POSITIVE_INFINITY],
  downloadThroughputKbps: [0, Number.POSITIVE_INFINITY],
  uploadThroughputKbps: [0, Number.POSITIVE_INFINITY],
};
const METHODS: readonly string[] = ['simulate', 'devtools', 'provided'] satisfies ThrottlingMethod[];

/**
 * Lighthouse CI's `settings.throttlingMethod` and `settings.throttling` as pages.json takes them:
 * each value pages.json can hold is kept, and each one it cannot is a note naming its key.
 */
export function importThrottling(
  method: unknown,
  throttling: unknown,
  where: string,
): { throttlingMethod: ThrottlingMethod | null; throttling: Throttling | null; notes: string[] } {
  const notes: string[] = [];
  let throttlingMethod: ThrottlingMethod | null = null;
  if (typeof method === 'string' && METHODS.includes(method)) throttlingMethod = method as ThrottlingMethod;
  else if (method !== undefined) notes.push(`${where}.throttlingMethod: ${JSON.stringify(method)} is not imported: write "simulate", "devtools" or "provided"`);
  const kept: Throttling = {};
  if (isObject(throttling)) {
    for (const [key, value] of Object.entries(throttling)) {
      const range = RANGES[key as keyof Throttling];
      if (!range) notes.push(`${where}.throttling.${key}: not imported: pages.json's throttling takes ${Object.keys(RANGES).join(', ')}`);
      else if (typeof value !== 'number' || !Number.isFinite(value) || value < range[0] || value > range[1])
        notes.push(
          `${where}.throttling.${key}: ${JSON.stringify(value)} is not imported: write a number from ${range[0]}${range[1] < Infinity ? ` to ${range[1]}` : ''}`,
        );
      else kept[key as keyof Throttling] = value;
    }
  } else if (throttling !== undefined) notes.push(`${where}.throttling: not imported: it is not an object`);
  return { throttlingMethod, throttling: Object.keys(kept).length > 0 ? kept : null, notes };
}
