import { lighthouseChange } from '../base-comparison.js';
import { equivalenceConfidence } from '../compare/minimum-effect.js';
import { worst, type PageResult, type Results } from '../results.js';
import { METRICS } from '../rules.js';
import type { MetricComparison, MetricId, Verdict } from '../types.js';
import { escapeMarkdown as esc } from './escape.js';
import { formatChange, formatValue, STATUS_SYMBOLS, STATUS_WORDS } from './format.js';
import { intervalWords } from './interval-words.js';
import { withoutBaseOf } from './without-base-words.js';

/** The metrics of the summary table; INP joins when a user flow measured it. */
const KEY_METRICS: MetricId[] = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift'];

/**
 * A comparison's verdict in a few words: the change and its p only when it is a change; no p on
 * anything else. Inconclusive, where the change lies: the interval at `confidence`, when the runs
 * were enough for one (stored results' runs too few for the test may still make one).
 */
export function changeWords(c: MetricComparison, confidence?: number): string {
  const moved = formatChange({ delta: c.delta, relative: c.relative }, c.unit);
  const p = c.p === null ? '' : c.p < 0.001 ? 'p < 0.001' : `p = ${c.p.toFixed(3)}`;
  switch (c.verdict) {
    case 'regressed':
    case 'improved':
      return `**${moved} ${c.verdict}** (${p})`;
    case 'unchanged':
      return 'unchanged';
    case 'no significant change':
      return `${moved}, no significant change`;
    case 'not comparable':
      return `${moved}, not compared: ${lighthouseChange(c)}`;
    case 'inconclusive': {
      const where = somewhere(c, confidence);
      if (c.moreRuns === 0) return `${moved}, inconclusive after ${c.runs} runs per side${where ? ` (${where})` : ''}`;
      const more = `${c.moreRuns} more run${c.moreRuns === 1 ? '' : 's'} per side needed`;
      return `${moved}, inconclusive (${where ? `${more}; ${where}` : more})`;
    }
  }
}

/** "90 % interval -30 ms to +90 ms", or '' without an interval or its confidence. */
function somewhere(c: MetricComparison, confidence: number | undefined): string {
  if (confidence === undefined) return '';
  const words = intervalWords(c, confidence);
  return words ? `${Math.round(confidence * 100)} % interval ${words}` : '';
}

/** How the verdicts of a page came out: its worst status, counting its regression budgets. */
export function pageStatus(page: PageResult, results: Results): Verdict['status'] {
  if (page.error) return 'error';
  return worst(results.budgets.filter((b) => b.page === page.name && b.kind !== 'bundle').map((b) => b.status));
}

/** A summary cell: "1.22 s → 1.62 s, **+400 ms (+32.8 %) regressed** (p = 0.004) ✖" or the median alone without a base. */
function cell(page: PageResult, id: MetricId, results: Results): string {
  const agg = page.metrics[id];
  if (!agg) return '-';
  const unit = METRICS[id].unit;
  const budget = results.budgets.find((b) => b.page === page.name && b.id === id);
  const mark = budget && budget.status !== 'pass' ? ` ${STATUS_SYMBOLS[budget.status]}` : '';
  const c = results.comparison?.metrics.find((m) => m.page === page.name && m.id === id);
  if (!c) return `${formatValue(agg.median, unit)}${mark}`;
  return `${formatValue(c.base, unit)} → ${formatValue(c.current, unit)}, ${changeWords(c, confidenceOf(results))}${mark}`;
}

/** The confidence of the comparison's intervals (1 - 2·alpha); undefined without a comparison. */
export const confidenceOf = (results: Results) => (results.comparison ? equivalenceConfidence(results.comparison.settings) : undefined);

/** Runs of a page: "7 + 7" side by side (base + head), "5" otherwise. */
const runsOf = (page: PageResult) => (page.base ? `${page.base.measuredRuns} + ${page.measuredRuns}` : String(page.measuredRuns));

/** The summary table: a row per page with its status and the key metrics (base → head with the change and its verdict). */
export function summaryTable(results: Results): string {
  const pages = results.pages;
  if (pages.length === 0) return '';
  const ids = [...KEY_METRICS, ...(pages.some((p) => p.metrics['interaction-to-next-paint']) ? (['interaction-to-next-paint'] as const) : [])];
  const head = ['page', 'status', ...ids.map((id) => METRICS[id].label), 'runs'];
  const rows = pages.map((page) => {
    const status = pageStatus(page, results);
    if (page.error) return [esc(page.name), `${STATUS_SYMBOLS.error} ${STATUS_WORDS.error}`, ...ids.map(() => ''), '0'];
    const name = page.notInBase
      ? `${esc(page.name)} (new)`
      : page.identicalBase
        ? `${esc(page.name)} (same files)`
        : withoutBaseOf(results.comparison, page.name)
          ? `${esc(page.name)} (no base)`
          : esc(page.name);
    return [name, `${STATUS_SYMBOLS[status]} ${STATUS_WORDS[status]}`, ...ids.map((id) => cell(page, id, results)), runsOf(page)];
  });
  return [`| ${head.join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** Whether a page has anything beyond passing and unchanged: a budget not passing, a change, an open comparison. */
export function isNotable(page: PageResult, results: Results): boolean {
  if (page.error) return true;
  if (results.budgets.some((b) => b.page === page.name && b.kind !== 'bundle' && b.status !== 'pass')) return true;
  return (results.comparison?.metrics ?? []).some((c) => c.page === page.name && isNotableChange(c));
}

/** A comparison worth a row of its own: a change either way, or one that could not be decided. */
export const isNotableChange = (c: MetricComparison) =>
  c.verdict === 'regressed' || c.verdict === 'improved' || c.verdict === 'inconclusive' || c.verdict === 'not comparable';
