import { bundleNoteLines } from './bundle-note-lines.js';
import type { Results } from '../results.js';
import type { Verdict } from '../types.js';
import { budgetClueLines } from './clue-lines.js';
import { formatLimits, formatValue } from './format.js';

/** Text for an XML attribute or element: the five special characters escaped, characters XML 1.0 forbids dropped. */
const xml = (text: string) =>
  text
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters XML 1.0 does not allow
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

/** "LCP 5.32 s against 2.50 s / 4.00 s (warn / error)": the value against its limits. */
export function againstLimits(v: Verdict): string {
  return `${v.label} ${formatValue(v.actual, v.unit)} against ${formatLimits(v.warn, v.error, v.unit, v.operator)} (warn / error)`;
}

function testCase(v: Verdict, results: Results): string {
  const clues = [...bundleNoteLines([v]), ...budgetClueLines(v, results)].map((line) => `\n${line}`).join('');
  const open = `    <testcase classname="${xml(`perfgate.${v.kind}.${v.page}`)}" name="${xml(`${v.page} › ${v.label} (${v.id})`)}" time="0"`;
  const detail = v.message ? `: ${v.message}` : '';
  switch (v.status) {
    case 'pass':
      return `${open}/>`;
    case 'warn':
    case 'borderline':
      return `${open}>\n      <system-out>${xml(`${v.status}: ${againstLimits(v)}${detail}${clues}`)}</system-out>\n    </testcase>`;
    case 'fail':
      return clues
        ? `${open}>\n      <failure type="budget" message="${xml(`${againstLimits(v)}${detail}`)}">${xml(clues.trimStart())}</failure>\n    </testcase>`
        : `${open}>\n      <failure type="budget" message="${xml(`${againstLimits(v)}${detail}`)}"/>\n    </testcase>`;
    case 'error':
      return `${open}>\n      <error type="not measured" message="${xml(v.message ?? 'not measured')}"/>\n    </testcase>`;
  }
}

/**
 * The budgets as JUnit XML, which GitLab, Jenkins and Azure Pipelines show natively: a test suite
 * per page (or bundle), a test case per budget; a failed budget is a failure, one that could not
 * be measured an error, a warning or borderline budget passes with a note in system-out. A page
 * that could not be measured at all is an error case of its own.
 */
export function renderJunit(results: Results): string {
  const suites = new Map<string, string[]>();
  const count = { tests: 0, failures: 0, errors: 0 };
  const add = (suite: string, text: string, status: Verdict['status']) => {
    suites.set(suite, [...(suites.get(suite) ?? []), text]);
    count.tests++;
    if (status === 'fail') count.failures++;
    if (status === 'error') count.errors++;
  };
  for (const page of results.pages.filter((p) => p.error)) {
    const error = page.error as { code: string; message: string };
    add(
      page.name,
      `    <testcase classname="${xml(`perfgate.page.${page.name}`)}" name="${xml(`${page.name} › measured`)}" time="0">\n      <error type="${xml(error.code)}" message="${xml(error.message)}"/>\n    </testcase>`,
      'error',
    );
  }
  for (const v of results.budgets) add(v.page, testCase(v, results), v.status);
  const body = [...suites.entries()].map(([name, cases]) => {
    const failures = cases.filter((c) => c.includes('<failure')).length;
    const errors = cases.filter((c) => c.includes('<error')).length;
    return `  <testsuite name="${xml(name)}" tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="0" time="0" timestamp="${xml(results.createdAt.replace(/Z$/, ''))}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="perfgate" tests="${count.tests}" failures="${count.failures}" errors="${count.errors}" time="0">\n${body.join('\n')}\n</testsuites>\n`;
}
