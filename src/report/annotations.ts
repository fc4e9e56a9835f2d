import type { Results } from '../results.js';
import { bundleFileLines } from './bundle-file-lines.js';
import { bundleNoteLines } from './bundle-note-lines.js';
import { budgetClueLines } from './clue-lines.js';
import { againstLimits } from './junit.js';

/** A workflow command's property or message, escaped as GitHub's runner reads them. */
const escapeData = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (text: string) => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

/**
 * GitHub Actions annotations for the budgets that did not pass: `::error` for failed budgets and
 * pages that could not be measured, `::warning` for warnings and borderline budgets. They need no
 * token, so they show on pull requests from forks too. Title: page and metric; message: the value
 * against its limits, then what the runs show about why (the budget's clues, one per line).
 */
export function renderAnnotations(results: Results): string {
  const lines: string[] = [];
  for (const page of results.pages.filter((p) => p.error)) {
    lines.push(`::error title=${escapeProperty(`perfgate: ${page.name} not measured`)}::${escapeData(`${page.error?.code}: ${page.error?.message}`)}`);
  }
  for (const v of results.budgets) {
    if (v.status === 'pass') continue;
    const level = v.status === 'fail' || v.status === 'error' ? 'error' : 'warning';
    // For a bundle that grew or shrank against its base: where, by file and by source.
    const clues = [...bundleNoteLines([v]), ...budgetClueLines(v, results), ...bundleFileLines([v]).map((line) => `where the change is: ${line}`)];
    const message =
      v.status === 'error'
        ? (v.message ?? 'not measured')
        : `${v.status}: ${againstLimits(v)}${v.message ? ` (${v.message})` : ''}${clues.map((line) => `\n${line}`).join('')}`;
    lines.push(`::${level} title=${escapeProperty(`perfgate: ${v.page} ${v.label}`)}::${escapeData(message)}`);
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
