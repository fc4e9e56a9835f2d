import { styleText } from 'node:util';
import type { Results } from '../results.js';
import { METRICS, METRIC_IDS } from '../rules.js';
import type { Status, Verdict } from '../types.js';
import { formatLimits, formatValue, STATUS_SYMBOLS, STATUS_WORDS } from './format.js';

const COLORS: Record<Status, 'green' | 'yellow' | 'red' | 'magenta'> = { pass: 'green', warn: 'yellow', fail: 'red', error: 'magenta' };

type Row = [string, string, string, string, string];

function table(rows: Row[], paint: (status: string, text: string) => string, statuses: Array<Status | null>): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => [...row[column]!].length)));
  return rows
    .map((row, i) => {
      const cells = row.map((cell, column) => cell + ' '.repeat(widths[column]! - [...cell].length));
      const status = statuses[i];
      if (status) cells[4] = paint(status, cells[4]!);
      return `  ${cells.join('  ')}`.trimEnd();
    })
    .join('\n');
}

/** The terminal report: a table per page (metric, median, min-max, budget, status) and a verdict line. */
export function renderConsole(results: Results, options: { color: boolean }): string {
  const paint = (status: string, text: string) =>
    options.color ? styleText(COLORS[status as Status] ?? 'reset', text) : text;
  const out: string[] = [];
  for (const page of results.pages) {
    const verdicts = results.budgets.filter((b) => b.page === page.name);
    const runsNote = `${page.measuredRuns}/${page.runs} runs${page.formFactor ? `, ${page.formFactor}` : ''}`;
    out.push(`\n${options.color ? styleText('bold', page.name) : page.name}  ${page.url}  (${runsNote})`);
    if (page.error) {
      out.push(`  ${paint('error', `${STATUS_SYMBOLS.error} could not be measured: ${page.error.code}`)}: ${page.error.message}`);
      continue;
    }
    const rows: Row[] = [['metric', 'median', 'min-max', 'budget (warn / error)', 'status']];
    const statuses: Array<Status | null> = [null];
    const byId = new Map(verdicts.map((v) => [v.id, v]));
    for (const id of METRIC_IDS) {
      const agg = page.metrics[id];
      const verdict = byId.get(id);
      const unit = METRICS[id].unit;
      rows.push([
        METRICS[id].label,
        formatValue(agg?.median, unit),
        agg ? `${formatValue(agg.min, unit)} - ${formatValue(agg.max, unit)}` : '-',
        verdict ? formatLimits(verdict.warn, verdict.error, unit, verdict.operator) : '-',
        verdict ? statusCell(verdict) : '',
      ]);
      statuses.push(verdict?.status ?? null);
    }
    for (const verdict of verdicts.filter((v) => v.kind !== 'timing')) {
      const values = verdict.values;
      rows.push([
        verdict.label,
        formatValue(verdict.actual, verdict.unit),
        values.length > 0 ? `${formatValue(Math.min(...values), verdict.unit)} - ${formatValue(Math.max(...values), verdict.unit)}` : '-',
        formatLimits(verdict.warn, verdict.error, verdict.unit, verdict.operator),
        statusCell(verdict),
      ]);
      statuses.push(verdict.status);
    }
    out.push(table(rows, paint, statuses));
    for (const verdict of verdicts.filter((v) => v.message && v.status === 'error')) {
      out.push(`  ${verdict.label}: ${verdict.message}`);
    }
  }
  const others = results.budgets.filter((b) => !results.pages.some((p) => p.name === b.page));
  if (others.length > 0) {
    const rows: Row[] = [['budget', 'actual', '', 'budget (warn / error)', 'status']];
    for (const v of others) rows.push([`${v.page} ${v.label}`, formatValue(v.actual, v.unit), '', formatLimits(v.warn, v.error, v.unit, v.operator), statusCell(v)]);
    out.push(`\n${table(rows, paint, [null, ...others.map((v) => v.status)])}`);
  }
  out.push('', verdictLine(results, paint));
  return `${out.join('\n')}\n`;
}

const statusCell = (v: Verdict) => `${STATUS_SYMBOLS[v.status]} ${STATUS_WORDS[v.status]}`;

/** "✖ fail: 2 budgets failed, 1 warned, 1 page not measured (12 budgets on 3 pages)". */
export function verdictLine(results: Results, paint: (status: string, text: string) => string = (_, t) => t): string {
  const count = (status: Status) => results.budgets.filter((b) => b.status === status).length;
  const parts = [];
  if (count('fail')) parts.push(`${count('fail')} failed`);
  if (count('warn')) parts.push(`${count('warn')} warned`);
  if (count('error')) parts.push(`${count('error')} not measured`);
  const pageErrors = results.pages.filter((p) => p.error).length;
  const head = parts.length > 0 ? `${parts.join(', ')} of ${results.budgets.length} budgets` : `all ${results.budgets.length} budgets pass`;
  const tail = pageErrors ? `; ${pageErrors} page${pageErrors === 1 ? '' : 's'} could not be measured` : '';
  return paint(results.verdict, `${STATUS_SYMBOLS[results.verdict]} ${results.verdict}: ${head}${tail}`);
}
