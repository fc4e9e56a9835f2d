import { notJudged, notJudgedWhy } from '../base-comparison.js';
import { FIELD_METRICS } from '../field-metrics.js';
import { fieldCauseLines } from './field-cause-lines.js';
import { formFactorSettings, type PageResult, type Results } from '../results.js';
import { auditOfVerdict, CATEGORIES, METRICS, METRIC_IDS } from '../rules.js';
import type { MetricComparison, MetricId, Verdict } from '../types.js';
import { budgetTally } from './budget-tally.js';
import { clueLines } from './clue-lines.js';
import { baseNote } from './base-note.js';
import { emptyStepNote } from './empty-step-note.js';
import { scoresShown } from './scores-shown.js';
import { measuredLine } from './measured-line.js';
import { newInPullRequest, notInBaseWords } from './not-in-base-words.js';
import { sameFilesWords } from './same-files-words.js';
import { withoutBaseCount, withoutBaseOf, withoutBaseWords } from './without-base-words.js';
import { changeWords, confidenceOf, isNotable, isNotableChange, pageStatus, summaryTable } from './review-summary.js';
import { bundleFileLines } from './bundle-file-lines.js';
import { bundleNoteLines } from './bundle-note-lines.js';
import { codeSpan, escapeMarkdown as esc } from './escape.js';
import { customThrottling } from '../compare/custom-throttling.js';
import { linkTarget, reportLink } from './report-link.js';
import { reviewMarker } from './review-marker.js';
import { lhciLinksLine } from './lhci-links-line.js';
import { formatChange, formatLimits, formatValue, STATUS_SYMBOLS, STATUS_WORDS } from './format.js';

export { REVIEW_MARKER } from './review-marker.js';

/** GitHub rejects comments longer than this. */
export const GITHUB_COMMENT_LIMIT = 65_536;

const status = (v: Verdict) => `${STATUS_SYMBOLS[v.status]} ${STATUS_WORDS[v.status]}`;
const pValue = (p: number | null) => (p === null ? '' : p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`);

/** The change cell of a metric: "+400 ms (+32.8 %) regressed (p = 0.004)", "unchanged", ... */
const changeCell = (c: MetricComparison | undefined, results: Results) => (c ? changeWords(c, confidenceOf(results)) : '');

function headline(results: Results, id?: string): string {
  const pageErrors = results.pages.filter((p) => p.error).length;
  let text = budgetTally(results.budgets);
  if (pageErrors) text += `, ${pageErrors} page${pageErrors === 1 ? '' : 's'} could not be measured`;
  const worst = results.comparison?.metrics.filter((c) => c.verdict === 'regressed').sort((a, b) => (b.relative ?? 0) - (a.relative ?? 0))[0];
  if (worst)
    text += ` · worst regression: ${esc(worst.page)} ${worst.label} ${formatChange({ delta: worst.delta, relative: worst.relative }, worst.unit)} (${pValue(worst.p)})`;
  else if (notJudged(results.comparison))
    text += ` · changes not judged (${notJudgedWhy(results.comparison).versions ? 'another Lighthouse version' : 'other Lighthouse settings'})`;
  else if (results.comparison) text += ' · no significant regression';
  return `## ${STATUS_SYMBOLS[results.verdict]} perfgate${id ? ` (${esc(id)})` : ''}: ${text}`;
}

/** The form factors measured, each in words when it was not throttled as its preset: "mobile", "mobile and desktop, devtools throttling (…)". */
function formFactorsLine(env: Results['environment']): string {
  return formFactorSettings(env)
    .map((settings) => customThrottling(settings) ?? settings.formFactor)
    .join(' and ');
}

function subline(results: Results): string {
  const env = results.environment;
  const parts = [
    measuredLine(results),
    formFactorsLine(env),
    results.lighthouseVersion ? `Lighthouse ${results.lighthouseVersion}` : '',
    env.benchmarkIndex !== null ? `benchmarkIndex ${Math.round(env.benchmarkIndex)}` : '',
  ].filter(Boolean);
  return `<sub>${esc(parts.join(' · '))}</sub>`;
}

/**
 * A page's table: every metric and budget, or with `onlyNotable` only the rows that failed, warned,
 * are borderline or not measured, and the metrics that changed or could not be decided.
 */
function pageSection(page: PageResult, results: Results, onlyNotable = false): string {
  const verdicts = results.budgets.filter((b) => b.page === page.name && b.kind !== 'bundle');
  const title = `${onlyNotable ? '###' : '####'} ${STATUS_SYMBOLS[pageStatus(page, results)]} ${esc(page.name)}\n\n${codeSpan(page.url)}`;
  if (page.error) return `${title}\n\n**Could not be measured**: ${esc(page.error.code)}: ${esc(page.error.message)}\n`;
  const lacking = withoutBaseOf(results.comparison, page.name);
  const fresh = page.notInBase
    ? `New in this pull request, measured alone: ${notInBaseWords(page.notInBase, { url: codeSpan, text: esc })}.\n\n`
    : page.identicalBase
      ? `Measured on this build alone: ${esc(sameFilesWords(page.identicalBase))}.\n\n`
      : lacking
        ? `Not compared: ${withoutBaseWords(lacking, page)}.\n\n`
        : '';
  const comparisons = new Map((results.comparison?.metrics ?? []).filter((c) => c.page === page.name).map((c) => [c.id as string, c]));
  const hasBase = Boolean(results.comparison);
  const plural = (n: number) => `${n} ${n === 1 ? 'run' : 'runs'}`;
  const runs = page.base ? `${plural(page.measuredRuns)}, base ${page.base.measuredRuns}` : plural(page.measuredRuns);
  const head = ['metric', 'budget (warn / error)', `median (min-max, ${runs})`, ...(hasBase ? ['base median', 'change'] : []), 'status'];
  const keep = (verdict: Verdict | undefined, c?: MetricComparison) => !onlyNotable || (verdict && verdict.status !== 'pass') || (c && isNotableChange(c));
  const rows: string[][] = [];
  const byId = new Map(verdicts.map((v) => [v.id, v]));
  for (const id of METRIC_IDS) {
    const agg = page.metrics[id];
    const verdict = byId.get(id);
    const unit = METRICS[id].unit;
    const c = comparisons.get(id);
    if ((!agg && !verdict && !c) || !keep(verdict, c)) continue;
    rows.push([
      METRICS[id].label,
      verdict ? formatLimits(verdict.warn, verdict.error, unit, verdict.operator) : '-',
      agg ? `${formatValue(agg.median, unit)} (${formatValue(agg.min, unit)} - ${formatValue(agg.max, unit)})` : '-',
      // A metric without a budget is not compared, but side by side its base median was measured all the same.
      ...(hasBase ? [c ? formatValue(c.base, unit) : baseMedian(page, id), changeCell(c, results)] : []),
      verdict ? status(verdict) : '',
    ]);
  }
  for (const v of verdicts.filter((v) => !(v.id in METRICS))) {
    // A user timing is compared with the base as the metrics are.
    const c = v.kind === 'audit' ? comparisons.get(auditOfVerdict(v.id)) : undefined;
    if (!keep(v, c)) continue;
    const range = v.values.length > 1 ? ` (${formatValue(Math.min(...v.values), v.unit)} - ${formatValue(Math.max(...v.values), v.unit)})` : '';
    const value = v.kind === 'regression' ? `${formatValue(v.actual, v.unit)}, ${v.message ?? ''}` : `${formatValue(v.actual, v.unit)}${range}`;
    const against = c
      ? [formatValue(c.base, v.unit), changeCell(c, results)]
      : v.kind === 'regression'
        ? ['', '']
        : [v.change ? formatValue(v.change.base, v.unit) : '-', formatChange(v.change, v.unit)];
    rows.push([v.label, formatLimits(v.warn, v.error, v.unit, v.operator), value, ...(hasBase ? against : []), status(v)]);
  }
  for (const [id, agg] of onlyNotable ? [] : scoresShown(page).filter(([id]) => !byId.has(`categories:${id}`))) {
    const unit = 'score';
    rows.push([
      `${CATEGORIES[id].label} score`,
      '-',
      `${formatValue(agg.median, unit)} (${formatValue(agg.min, unit)} - ${formatValue(agg.max, unit)})`,
      ...(hasBase ? [page.base?.scores[id] ? formatValue(page.base.scores[id].median, unit) : '', ''] : []),
      '',
    ]);
  }
  const notes = [
    ...verdicts.filter((v) => (v.status === 'error' || v.status === 'borderline') && v.message).map((v) => `- ${v.label}: ${esc(v.message as string)}`),
    // Why it moved, where a reviewer looks first: the notable pages.
    ...(onlyNotable ? clueLines(page, results, { code: codeSpan, text: esc }).map((line) => `- ${line}`) : []),
  ];
  const body = rows.length > 0 ? table(head, rows) : onlyNotable ? '' : esc(emptyStepNote(page));
  return `${title}\n\n${fresh}${body}${notes.length ? `\n\n${notes.join('\n')}` : ''}\n`;
}

/** The median the base's own runs on this runner gave a metric, or '-' (measured elsewhere, or not at all). */
function baseMedian(page: PageResult, id: MetricId): string {
  const agg = page.base?.metrics[id];
  return agg ? formatValue(agg.median, METRICS[id].unit) : '-';
}

function table(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function bundlesSection(results: Results): string {
  const bundles = results.budgets.filter((b) => b.kind === 'bundle');
  if (bundles.length === 0) return '';
  const hasBase = bundles.some((b) => b.change);
  const head = ['bundle', 'measure', 'value', ...(hasBase ? ['base', 'change'] : []), 'budget (warn / error)', 'status'];
  const rows = bundles.map((v) => [
    esc(v.page),
    v.label,
    formatValue(v.actual, v.unit),
    ...(hasBase ? [v.change ? formatValue(v.change.base, v.unit) : '-', formatChange(v.change, v.unit)] : []),
    formatLimits(v.warn, v.error, v.unit, v.operator),
    status(v),
  ]);
  const files = bundleFileLines(bundles, { code: codeSpan, text: esc });
  const where = files.length > 0 ? `\nWhere the change is:\n\n${files.map((line) => `- ${line}`).join('\n')}\n` : '';
  const notes = bundleNoteLines(bundles, { code: codeSpan, text: esc });
  const noted = notes.length > 0 ? `\n${notes.map((line) => `> ${line}`).join('\n>\n')}\n` : '';
  return `### Bundles\n\n${table(head, rows)}\n${noted}${where}`;
}

const RATING_WORDS = { good: '🟢 good', 'needs-improvement': '🟡 needs improvement', poor: '🔴 poor' } as const;

function fieldSection(results: Results): string {
  const field = results.field;
  if (!field) return '';
  const rows: string[][] = [];
  for (const page of field.pages) {
    if (!page.enough) {
      rows.push([esc(page.page), '', '', `not enough field data (n=${page.samples})`, '', '', '']);
      continue;
    }
    for (const m of page.metrics) {
      const unit = FIELD_METRICS[m.metric].unit;
      // The lab's INP from a user flow's step names the step; TBT, which only stands in for INP, says so.
      const proxy = m.lab?.step ? ` (${esc(m.lab.step)})` : FIELD_METRICS[m.metric].twinIsProxy && m.lab ? ` (${METRICS[m.lab.id].label})` : '';
      const lab = m.lab ? `${formatValue(m.lab.median, unit)}${proxy}` : '-';
      const value = m.field ? `${formatValue(m.field.p75, unit)} (n=${m.field.count})` : '-';
      rows.push([
        esc(page.page),
        m.metric,
        lab,
        value,
        m.ratio === null ? '' : `${m.ratio.toFixed(2)}x`,
        m.rating ? RATING_WORDS[m.rating] : '',
        m.warning ? `▲ ${m.warning}` : '',
      ]);
    }
  }
  const causes = field.pages.flatMap((page) => {
    const lines = page.enough ? fieldCauseLines(page.metrics) : [];
    return lines.length ? [`**${esc(page.page)}**\n${lines.map((line) => `- ${line}`).join('\n')}`] : [];
  });
  const why = causes.length ? `\n**What the field's metrics come from** (web-vitals' attribution build):\n\n${causes.join('\n\n')}\n` : '';
  return `### Field (real users, p75) versus lab (median)\n\n${table(['page', 'metric', 'lab', 'field p75', 'field/lab', 'rating', 'note'], rows)}\n${why}`;
}

function detailsSection(results: Results, reportsBase: string, artifactUrl: string | undefined): string {
  const lines: string[] = [];
  for (const page of results.pages) {
    if (page.error) continue;
    const metrics = METRIC_IDS.filter((id) => page.metrics[id]).map(
      (id) => `${METRICS[id].label} ${page.metrics[id]!.values.map((v) => formatValue(v, METRICS[id].unit)).join(', ')}`,
    );
    const scores = scoresShown(page).map(([id, agg]) => `${CATEGORIES[id].label} score ${agg.values.map((v) => formatValue(v, 'score')).join(', ')}`);
    const report = page.reports?.html ? ` · report: ${reportLink(page.reports.html, reportsBase)}` : '';
    const traces = [page.reports?.trace, page.base?.reports?.trace].filter((t): t is string => Boolean(t));
    const trace = traces.length > 0 ? ` · trace${traces.length > 1 ? 's (here, base)' : ''}: ${traces.map((t) => reportLink(t, reportsBase)).join(', ')}` : '';
    lines.push(`- **${esc(page.name)}**${report}${trace}${[...metrics, ...scores].map((line) => `\n  - ${line}`).join('')}`);
    for (const retry of page.retries) lines.push(`  - run ${retry.run} was retried after ${esc(retry.error.code)}`);
  }
  if (lines.length === 0) return '';
  const where = artifactUrl
    ? `The HTML reports and results.json are in [this run's artifact](${linkTarget(artifactUrl)}) (a zip of the output folder; each report at the path below).\n\n`
    : '';
  return `<details><summary>Every run's values and the HTML reports</summary>\n\n${where}${lines.join('\n')}\n\n</details>\n`;
}

export interface MarkdownOptions {
  /**
   * Prefix of the representative HTML reports' paths: a folder (shown as a path) or a URL that serves
   * the output folder's files (each report a link); default `.perfgate/`, or none with `artifactUrl`.
   */
  reportsBase?: string;
  /** The URL of an artifact (a zip of the output folder, as GitHub's upload-artifact gives it): the review links it for the reports. */
  artifactUrl?: string;
  /** Each page's link on Lighthouse CI (perfgate upload): a line under the summary table links them. */
  lhciLinks?: ReadonlyArray<{ page: string; link: string }>;
  /** Longest output; default GitHub's comment limit. */
  maxLength?: number;
  /** The package this review is of (monorepos): named in the headline and the hidden marker. */
  id?: string;
}

/**
 * The budget review as GitHub-flavoured markdown, read in ten seconds: the headline, one line on
 * how it was measured, a summary table with a row per page (status, the key metrics as base → head
 * with the change and its verdict), then only the pages and rows that failed, warned or changed;
 * every metric of every page, bundles, field data and the runs' values follow (the tables of all
 * metrics and the runs collapsed). Text from outside is escaped. Above `maxLength` the runs' values
 * go first, then the tables of all metrics, each with a note saying so.
 */
export function renderMarkdown(results: Results, options: MarkdownOptions = {}): string {
  const max = options.maxLength ?? GITHUB_COMMENT_LIMIT;
  const where = baseNote(results);
  const baseLines = [...where.lines.map((line) => `> ${esc(line)}`), ...(where.warning ? ['>', `> ⚠ **${esc(where.warning)}**`] : [])];
  const top = [reviewMarker(options.id), headline(results, options.id), '', subline(results), '', ...(baseLines.length > 0 ? [...baseLines, ''] : [])].join(
    '\n',
  );
  const summary = summaryTable(results);
  const lhci = lhciLinksLine(options.lhciLinks);
  const notable = results.pages.filter((p) => isNotable(p, results)).map((p) => pageSection(p, results, true));
  const quiet = results.pages.length - notable.length;
  const everything = results.pages.length > 0 ? allMetrics(results) : '';
  const bundles = [bundlesSection(results), fieldSection(results)].filter(Boolean).join('\n');
  const details = detailsSection(results, options.reportsBase ?? (options.artifactUrl ? '' : '.perfgate/'), options.artifactUrl);
  // Side by side, pages new in the pull request and pages off the site were measured alone; stored results may lack some pages.
  const lacking = withoutBaseCount(results);
  const sideBySide = results.comparison?.base.measured === 'side by side';
  const alone = [newInPullRequest(results.pages), sideBySide ? lacking : null].filter(Boolean).join(' and ');
  const unchanged = !results.comparison
    ? ''
    : alone
      ? `; none changed (${alone}, measured alone)`
      : lacking
        ? `; none changed (${lacking})`
        : ' with no change';
  const calm = notable.length === 0 && results.pages.length > 0 ? `Every page passes${unchanged}.\n` : '';
  const assemble = (all: string, runs: string, notes: string[]) =>
    [top, summary ? `${summary}\n` : '', lhci, calm, ...notable, bundles, all, runs, ...notes.map((n) => `> ${n}\n`)].filter(Boolean).join('\n');

  let out = assemble(everything, details, []);
  if (out.length <= max) return out;
  const cutDetails = 'The run details were left out to stay under GitHub’s comment size limit; they are in results.json.';
  out = assemble(everything, '', [cutDetails]);
  if (out.length <= max) return out;
  out = assemble('', '', [
    cutDetails,
    `The tables of every metric${quiet > 0 ? ` (and ${quiet} page${quiet === 1 ? '' : 's'} without anything to note)` : ''} were left out for the same reason.`,
  ]);
  if (out.length <= max) return out;
  const note = '\n\n> The review was cut here to stay under GitHub’s comment size limit; the full results are in results.json.\n';
  return out.slice(0, max - note.length) + note;
}

/** Every metric and budget of every page, collapsed. */
function allMetrics(results: Results): string {
  const tables = results.pages.map((p) => pageSection(p, results)).join('\n');
  return `<details><summary>Every metric and budget of every page</summary>\n\n${tables}\n</details>\n`;
}
