import type { ConfigProblem } from '../errors.js';
import { READ_AUDITS } from '../rules.js';

/** Each audit of `skipAudits` that perfgate reads in every run (a metric, the resource weights, the requests): it cannot be skipped. */
export function readAuditProblems(skipped: readonly string[]): ConfigProblem[] {
  return skipped.flatMap((id, i) =>
    Object.hasOwn(READ_AUDITS, id) ? [{ where: `skipAudits[${i}]`, what: `"${id}" cannot be skipped: ${READ_AUDITS[id]}`, fix: 'remove it' }] : [],
  );
}
