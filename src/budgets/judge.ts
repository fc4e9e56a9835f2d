import type { Limits, Status } from '../types.js';

/** Whether `actual` is beyond `limit` for an operator: `<=` budgets are upper limits, `>=` lower limits. */
const BEYOND: Record<'<=' | '>=', (actual: number, limit: number) => boolean> = {
  '<=': (actual, limit) => actual > limit,
  '>=': (actual, limit) => actual < limit,
};

/** Status of a measured value against warn and error limits; null (not measured) is `error`. */
export function judge(actual: number | null, limits: Limits, operator: '<=' | '>='): Status {
  if (actual === null || !Number.isFinite(actual)) return 'error';
  const beyond = BEYOND[operator];
  if (limits.error !== null && beyond(actual, limits.error)) return 'fail';
  if (limits.warn !== null && beyond(actual, limits.warn)) return 'warn';
  return 'pass';
}
