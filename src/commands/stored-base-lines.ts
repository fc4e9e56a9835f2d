import type { FormFactor } from '../types.js';
import { plural } from '../plural.js';
import type { Results } from '../results.js';
import { utcMinute } from '../report/utc-minute.js';

/** One line of `perfgate check` about a stored base: in place (`ok`) or a warning (`warn`). */
export interface StoredBaseLine {
  kind: 'ok' | 'warn';
  text: string;
}

/**
 * What `perfgate check --base results.json` says of stored base results before a run compares with
 * them: where and when they were made (another machine: side by side is the trusted way), then
 * what a run could not compare. Pages and flows are matched by name, as the comparison matches
 * them; one the base lacks or failed is measured without a base; another Lighthouse version or
 * form factor makes its changes shown but not judged. Pure.
 */
export function storedBaseLines(
  base: Results,
  file: string,
  pages: readonly { name: string; formFactor: FormFactor }[],
  flows: readonly { name: string }[],
  lighthouseVersion: string | null,
): StoredBaseLine[] {
  const when = utcMinute(base.createdAt);
  const commit = base.commit ? ` of commit ${base.commit.slice(0, 12)}` : '';
  const lines: StoredBaseLine[] = [
    {
      kind: 'ok',
      text: `base: ${file}, stored results${commit} made ${when} (${plural(base.pages.length, 'result')}): measured on another machine and run, so their changes carry its speed too (--base-dir measures both side by side)`,
    },
  ];
  const warn = (text: string) => lines.push({ kind: 'warn', text: `base: ${text}` });
  if (lighthouseVersion && base.lighthouseVersion && base.lighthouseVersion !== lighthouseVersion)
    warn(
      `measured with Lighthouse ${base.lighthouseVersion}, this installation is ${lighthouseVersion}: a version can change what a metric measures, so every change is shown but not judged`,
    );
  const lacking: string[] = [];
  const failed: string[] = [];
  const otherForm: string[] = [];
  for (const page of pages) {
    const before = base.pages.find((p) => p.name === page.name);
    if (!before) lacking.push(page.name);
    else if (before.error) failed.push(`${page.name} (${before.error.code})`);
    else if (before.formFactor && before.formFactor !== page.formFactor) otherForm.push(`${page.name} (${before.formFactor} there, ${page.formFactor} here)`);
  }
  for (const flow of flows) {
    const steps = base.pages.filter((p) => p.flow?.name === flow.name);
    if (steps.length === 0) lacking.push(`flow ${flow.name}`);
    else if (steps.every((p) => p.error)) failed.push(`flow ${flow.name} (${steps[0]?.error?.code})`);
  }
  if (lacking.length > 0) warn(`has no results for ${lacking.join(', ')}: measured without a base (pages are matched by name)`);
  if (failed.length > 0) warn(`could not measure ${failed.join(', ')}: measured without a base`);
  if (otherForm.length > 0) warn(`measured ${otherForm.join(', ')}: their changes are shown but not judged`);
  return lines;
}
