import { styleText } from 'node:util';
import { lighthouseChange } from '../base-comparison.js';
import type { Results } from '../results.js';
import { auditOfVerdict, CATEGORIES, METRICS, METRIC_IDS } from '../rules.js';
import type { MetricComparison, Status, Verdict } from '../types.js';
import { budgetTally } from './budget-tally.js';
import { bundleFileLines } from './bundle-file-lines.js';
import { bundleNoteLines } from './bundle-note-lines.js';
import { clueLines } from './clue-lines.js';
import { baseNote } from './base-note.js';
import { emptyStepNote } from './empty-step-note.js';
import { scoresShown } from './scores-shown.js';
import { measuredLine } from './measured-line.js';
import { notInBaseWords } from './not-in-base-words.js';
import { sameFilesWords } from './same-files-words.js';
import { withoutBaseOf, withoutBaseWords } from './without-base-words.js';
import { formatChange, formatLimits, formatValue, STATUS_SYMBOLS, STATUS_WORDS } from './format.js';
import { intervalWords } from './interval-words.js';
import { confidenceOf } from './review-summary.js';
import { plural } from '../plural.js';
import { customThrottlings } from '../compare/custom-throttling.js';

const COLORS: Record<Status, 'green' | 'yellow' | 'red' | 'magenta'> = { pass: 'green', warn: 'yellow', borderline: 'yellow', fail: 'red', error: 'magenta' };

/** More passing audit budgets than this on a page are one row in the terminal. */
const MOST_PASSING_AUDIT_ROWS = 10;

type Paint = (status: Status, text: string) => string;
interface Row {
  cells: string[];
  status: Status | null;
}

/** Aligned columns; the last column (status) is coloured. Empty columns are dropped. */
function table(header: string[], rows: Row[], paint: Paint): string {
  const all = [{ cells: header, status: null }, ...rows];
  const used = header.map((_, c) => c === 0 || rows.some((r) => r.cells[c] !== ''));
  const widths = header.map((_, c) => Math.max(...all.map((r) => [...(r.cells[c] ?? '')].length)));
  return all
    .map((row) => {
      const cells = row.cells.map((cell, c) => cell + ' '.repeat((widths[c] as number) - [...cell].length)).filter((_, c) => used[c]);
      if (row.status) cells[cells.length - 1] = paint(row.status, cells[cells.length - 1] as string);
      return `  ${cells.join('  ')}`.trimEnd();
    })
    .join('\n');
}

const statusCell = (v: Verdict) => `${STATUS_SYMBOLS[v.status]} ${STATUS_WORDS[v.status]}`;
const range = (values: number[], unit: Verdict['unit']) =>
  values.length > 1 ? `${formatValue(Math.min(...values), unit)} - ${formatValue(Math.max(...values), unit)}` : '';

/**
 * The terminal report: a table per page (metric, median, min-max, base median, budget, change, status), the
 * bundles (with `hidePassed`, as size-limit's --hide-passed, only those that did not pass; with
 * `highlightLess`, as its --highlight-less, how far below its limit each passing one is, or each of the
 * bundles it names), and a verdict line.
 */
export function renderConsole(results: Results, options: { color: boolean; hidePassed?: boolean; highlightLess?: boolean | readonly string[] }): string {
  // The caller decides about colour (a TTY without NO_COLOR); styleText would otherwise check process.stdout itself.
  const style = (format: Parameters<typeof styleText>[0], text: string) => (options.color ? styleText(format, text, { validateStream: false }) : text);
  const paint: Paint = (status, text) => style(COLORS[status], text);
  const out: string[] = [];
  const note = baseNote(results);
  if (results.pages.length > 0) out.push(style('dim', measuredLine(results)));
  const throttlings = customThrottlings(results.environment);
  if (results.pages.length > 0 && throttlings.length > 0) out.push(style('dim', `Measured with ${throttlings.join('; and ')} (not the form factor preset's)`));
  for (const line of note.lines) out.push(style('dim', line));
  if (note.warning) out.push(paint('warn', `▲ ${note.warning}`));
  const confidence = confidenceOf(results);
  for (const page of results.pages) {
    const verdicts = results.budgets.filter((b) => b.page === page.name && b.kind !== 'bundle');
    const runs = page.base ? `${page.base.measuredRuns} + ${page.measuredRuns} runs (base + head)` : `${page.measuredRuns}/${page.runs} runs`;
    const runsNote = `${runs}${page.formFactor ? `, ${page.formFactor}` : ''}${page.notInBase ? `, new in this pull request` : ''}${page.identicalBase ? ', same files as the base' : ''}`;
    const comparisons = new Map((results.comparison?.metrics ?? []).filter((c) => c.page === page.name).map((c) => [c.id as string, c]));
    out.push(`\n${style('bold', page.name)}  ${page.url}  (${runsNote})`);
    if (page.error) {
      out.push(`  ${paint('error', `${STATUS_SYMBOLS.error} could not be measured: ${page.error.code}`)}: ${page.error.message}`);
      continue;
    }
    if (page.notInBase) out.push(style('dim', `  measured alone: ${notInBaseWords(page.notInBase)}`));
    if (page.identicalBase) out.push(style('dim', `  measured on this build alone: ${sameFilesWords(page.identicalBase)}`));
    const lacking = withoutBaseOf(results.comparison, page.name);
    if (lacking) out.push(style('dim', `  not compared: ${withoutBaseWords(lacking, page)}`));
    const byId = new Map(verdicts.map((v) => [v.id, v]));
    // A metric the page did not measure and no budget names (INP of a page load, LCP of an interaction) gets no row.
    const rows: Row[] = METRIC_IDS.filter((id) => page.metrics[id] || byId.has(id)).map((id) => {
      const agg = page.metrics[id];
      const verdict = byId.get(id);
      const unit = METRICS[id].unit;
      const c = comparisons.get(id);
      // Side by side, a metric without a budget has its base median too (measured, not compared).
      const base = c?.base ?? verdict?.change?.base ?? page.base?.metrics[id]?.median;
      return {
        cells: [
          METRICS[id].label,
          formatValue(agg?.median, unit),
          agg ? `${formatValue(agg.min, unit)} - ${formatValue(agg.max, unit)}` : '-',
          base !== undefined ? formatValue(base, unit) : '',
          verdict ? formatLimits(verdict.warn, verdict.error, unit, verdict.operator) : '-',
          changeText(c, formatChange(verdict?.change, unit), confidence),
          verdict ? statusCell(verdict) : '',
        ],
        status: verdict?.status ?? null,
      };
    });
    const others = verdicts.filter((v) => !(v.id in METRICS));
    // Audit budgets that pass (a Lighthouse CI preset brings a hundred) are counted in one row, past a screenful.
    const quiet = (v: Verdict) => v.kind === 'audit' && v.status === 'pass' && !comparisons.has(auditOfVerdict(v.id));
    const folded = others.filter(quiet).length > MOST_PASSING_AUDIT_ROWS ? others.filter(quiet) : [];
    for (const v of others.filter((v) => !folded.includes(v))) {
      // A user timing is compared with the base as the metrics are.
      const c = v.kind === 'audit' ? comparisons.get(auditOfVerdict(v.id)) : undefined;
      rows.push({
        cells: [
          v.label,
          formatValue(v.actual, v.unit),
          range(v.values, v.unit) || '-',
          c ? formatValue(c.base, v.unit) : v.change ? formatValue(v.change.base, v.unit) : '',
          formatLimits(v.warn, v.error, v.unit, v.operator),
          changeText(c, formatChange(v.change, v.unit), confidence),
          statusCell(v),
        ],
        status: v.status,
      });
    }
    if (folded.length > 0)
      rows.push({ cells: [`${folded.length} more audits`, '', '', '', '', '', `${STATUS_SYMBOLS.pass} ${STATUS_WORDS.pass}`], status: 'pass' });
    for (const [id, agg] of scoresShown(page).filter(([id]) => !byId.has(`categories:${id}`))) {
      rows.push({
        cells: [
          `${CATEGORIES[id].label} score`,
          formatValue(agg.median, 'score'),
          range(agg.values, 'score') || '-',
          page.base?.scores[id] ? formatValue(page.base.scores[id].median, 'score') : '',
          '-',
          '',
          '',
        ],
        status: null,
      });
    }
    out.push(
      rows.length > 0 ? table(['metric', 'median', 'min-max', 'base', 'budget (warn / error)', 'change', 'status'], rows, paint) : `  ${emptyStepNote(page)}`,
    );
    for (const v of verdicts.filter((v) => v.message && (v.status === 'error' || v.status === 'borderline'))) out.push(`  ${v.label}: ${v.message}`);
    for (const line of clueLines(page, results)) out.push(style('dim', `  ${line}`));
  }

  const allBundles = results.budgets.filter((b) => b.kind === 'bundle');
  const bundles = options.hidePassed ? allBundles.filter((b) => b.status !== 'pass') : allBundles;
  const hidden = allBundles.length - bundles.length;
  if (hidden > 0) out.push(style('dim', `\n${plural(hidden, 'bundle budget')} passed, not shown`));
  if (bundles.length > 0) {
    out.push(`\n${style('bold', 'bundles')}`);
    const rows = bundles.map((v) => ({
      cells: [
        v.page,
        v.label,
        formatValue(v.actual, v.unit),
        v.change ? formatValue(v.change.base, v.unit) : '',
        formatLimits(v.warn, v.error, v.unit, v.operator),
        formatChange(v.change, v.unit),
        statusCell(v),
      ],
      status: v.status,
    }));
    out.push(table(['bundle', 'measure', 'value', 'base', 'budget (warn / error)', 'change', 'status'], rows, paint));
    for (const v of bundles.filter((v) => v.status === 'error')) out.push(`  ${v.page} ${v.label}: ${v.message ?? 'not measured'}`);
    for (const line of bundleNoteLines(bundles)) out.push(`  ${line}`);
    // As size-limit's --highlight-less (or unasked, for a limit written in bytes): the room each passing bundle leaves under its limit.
    const highlighted = (v: Verdict) => options.highlightLess === true || (Array.isArray(options.highlightLess) && options.highlightLess.includes(v.page));
    for (const v of bundles.filter((v) => highlighted(v) && v.status === 'pass' && v.error !== null && v.actual !== null && v.actual < v.error))
      out.push(paint('pass', `  ${v.page} ${v.label}: ${formatValue((v.error as number) - (v.actual as number), v.unit)} less than its limit`));
    const files = bundleFileLines(bundles);
    if (files.length > 0) out.push(style('dim', `  where the change is:\n${files.map((line) => `    ${line}`).join('\n')}`));
  }
  out.push('', verdictLine(results, paint));
  return `${out.join('\n')}\n`;
}

/**
 * The change column: the change and, when compared with the base, its verdict ("+400 ms (+32.8 %)
 * regressed", "unchanged"); an unchanged or inconclusive one with the interval the change lies in
 * ("unchanged (-12 ms to +30 ms)") when its runs were enough for one.
 */
function changeText(c: MetricComparison | undefined, change: string, confidence: number | undefined): string {
  if (!c) return change;
  const moved = formatChange({ delta: c.delta, relative: c.relative }, c.unit);
  if (c.verdict === 'not comparable') return `${moved} not compared (${lighthouseChange(c)})`;
  const interval = confidence !== undefined && (c.verdict === 'unchanged' || c.verdict === 'inconclusive') ? intervalWords(c, confidence) : '';
  const words = c.verdict === 'unchanged' ? 'unchanged' : `${moved} ${c.verdict}`;
  return interval ? `${words} (${interval})` : words;
}

/** "✖ fail: 2 failed, 1 warned of 12 budgets; 1 page could not be measured". */
export function verdictLine(results: Results, paint: Paint = (_, t) => t): string {
  const pageErrors = results.pages.filter((p) => p.error).length;
  const head = budgetTally(results.budgets);
  const tail = pageErrors ? `; ${pageErrors} page${pageErrors === 1 ? '' : 's'} could not be measured` : '';
  return paint(results.verdict, `${STATUS_SYMBOLS[results.verdict]} ${results.verdict}: ${head}${tail}`);
}
