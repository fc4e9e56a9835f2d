import { closest, configError, type ConfigProblem, UserError } from '../errors.js';
import type { Lighthouse } from './lighthouse.js';

/** Why the run cannot start: audit budgets name audits this Lighthouse does not have, each with the closest it has. */
function unknownAuditsMessage(unknown: readonly string[], known: readonly string[], version: string, file: string): string {
  const lines = unknown.map((id) => {
    const near = closest(id, known);
    return `  audits.${id}: Lighthouse ${version} has no audit "${id}"${near ? `\n    fix: did you mean "${near}"?` : ''}`;
  });
  return `${file}: ${unknown.length === 1 ? 'an audit budget names an audit' : 'audit budgets name audits'} Lighthouse does not run:\n${lines.join('\n')}\n  (the audit ids are those of Lighthouse's reports, as in Lighthouse CI's assertions)`;
}

/** pages.json's `skipAudits` entries that this Lighthouse does not have, each with the closest it has. */
function unknownSkippedAudits(unknown: readonly string[], known: readonly string[], version: string): ConfigProblem[] {
  return unknown.map((id) => {
    const near = closest(id, known);
    return {
      where: 'skipAudits',
      what: `Lighthouse ${version} has no audit "${id}"`,
      fix: near ? `did you mean "${near}"?` : "remove it (the audit ids are those of Lighthouse's reports)",
    };
  });
}

/**
 * Stops before anything is measured (a UserError, exit 2) when audit budgets name an audit this
 * Lighthouse does not have (the budget would read nothing), or pages.json's `skipAudits` does
 * (Lighthouse ignores such an id, so a misspelt one would be run and scored); each with the closest
 * id it has. Resolves Lighthouse's configs only when there are ids to check.
 */
export async function checkAuditIds(
  lighthouse: Pick<Lighthouse, 'auditIds' | 'version'>,
  budgeted: { ids: readonly string[]; file: string },
  skipped: { ids: readonly string[]; file: string },
): Promise<void> {
  if (budgeted.ids.length > 0) {
    const known = await lighthouse.auditIds();
    const unknown = budgeted.ids.filter((id) => !known.includes(id));
    if (unknown.length > 0) throw new UserError(unknownAuditsMessage(unknown, known, lighthouse.version, budgeted.file));
  }
  if (skipped.ids.length > 0) {
    // A flow's timespan and snapshot steps have audits of their own (work-during-interaction).
    const known = await lighthouse.auditIds(['navigation', 'timespan', 'snapshot']);
    const unknown = skipped.ids.filter((id) => !known.includes(id));
    if (unknown.length > 0) throw configError(skipped.file, unknownSkippedAudits(unknown, known, lighthouse.version));
  }
}
