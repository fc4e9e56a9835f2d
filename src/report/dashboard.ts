import type { DashboardData, DashboardMetric, DashboardPage } from '../dashboard.js';
import { CHARTED_METRICS, FIELD_METRIC_NAMES, FIELD_METRICS } from '../field-metrics.js';
import { METRICS } from '../rules.js';
import { fieldCauseLines } from './field-cause-lines.js';
import { formatValue } from './format.js';
import { escapeHtml as esc, histogram, trend, type Marker } from './svg.js';

const format = (m: DashboardMetric['metric']) => (v: number) => formatValue(v, FIELD_METRICS[m].unit);
/** After the lab value: the user flow's step it comes from, or the proxy's name when the twin is only a proxy (INP's TBT). */
function proxyNote(m: DashboardMetric): string {
  if (m.labStep) return ` (${m.labStep})`;
  const { labTwin, twinIsProxy } = FIELD_METRICS[m.metric];
  return twinIsProxy && labTwin ? ` (${METRICS[labTwin].label})` : '';
}

/** Whether the lab value measures what the field does (a flow step's INP does; TBT only stands in for INP). */
const comparable = (m: DashboardMetric) => m.labStep !== undefined || !FIELD_METRICS[m.metric].twinIsProxy;
const RATING_LABEL = { good: 'good', 'needs-improvement': 'needs improvement', poor: 'poor' } as const;

function markers(m: DashboardMetric): Marker[] {
  const out: Marker[] = [];
  const f = format(m.metric);
  if (m.lab !== null && comparable(m)) out.push({ value: m.lab, label: `lab ${f(m.lab)}`, kind: 'lab' });
  if (m.budget?.warn != null) out.push({ value: m.budget.warn, label: `warn ${f(m.budget.warn)}`, kind: 'warn' });
  if (m.budget?.error != null) out.push({ value: m.budget.error, label: `error ${f(m.budget.error)}`, kind: 'error' });
  return out;
}

const cell = (m: DashboardMetric) =>
  m.p75 === null
    ? '<td class="none">-</td>'
    : `<td class="${m.rating}" title="${esc(`${RATING_LABEL[m.rating!]}, n=${m.count}`)}">${esc(format(m.metric)(m.p75))}</td>`;

const slug = (page: string, i: number) =>
  `page-${i}-${page
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 40)}`;

function pageSection(page: DashboardPage, i: number, window: string): string {
  const charted = page.metrics.filter((m) => CHARTED_METRICS.includes(m.metric));
  const charts = charted
    .map((m) => {
      const title = `${m.metric}: field distribution, ${window} (n=${m.count})`;
      const dist = m.distribution.length ? histogram(m.distribution, markers(m), format(m.metric), title) : `<p class="empty">No ${m.metric} samples yet.</p>`;
      const days = m.daily.length ? trend(m.daily, markers(m), format(m.metric), `${m.metric}: daily p75`) : '';
      return `<div class="metric">${dist}${days}</div>`;
    })
    .join('');
  const rows = page.metrics
    .map((m) => {
      const f = format(m.metric);
      const lab = m.lab === null ? '-' : `${f(m.lab)}${proxyNote(m)}`;
      const ratio = m.lab && m.p75 !== null && comparable(m) ? `${(m.p75 / m.lab).toFixed(2)}x` : '';
      return `<tr><th>${m.metric}</th><td>${esc(lab)}</td>${cell(m)}<td>${ratio}</td><td>${m.count}</td></tr>`;
    })
    .join('');
  const causes = fieldCauseLines(page.metrics, (text) => `<code>${esc(text)}</code>`);
  const why = causes.length ? `<ul class="causes">${causes.map((line) => `<li>${line}</li>`).join('')}</ul>` : '';
  return `<section id="${slug(page.page, i)}"><h2>${esc(page.page)}</h2>
<div class="wrap"><table class="side"><thead><tr><th>metric</th><th>lab median</th><th>field p75</th><th>field/lab</th><th>samples</th></tr></thead><tbody>${rows}</tbody></table></div>
${why}<div class="charts">${charts}</div></section>`;
}

/** The legend's colour swatches: the ratings' cell colours, then the chart markers'. */
const LEGEND: ReadonlyArray<[color: string, label: string]> = [
  ['#e6f4ea', 'good'],
  ['#fef5e1', 'needs improvement'],
  ['#fde8e8', 'poor'],
  ['#1f5fbf', 'lab median'],
  ['#b7791f', 'warn budget'],
  ['#c53030', 'error budget'],
];

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2330;background:#fff}
main{max-width:72rem;margin:0 auto;padding:1rem;overflow-wrap:anywhere}h1{font-size:1.4rem;margin:.2rem 0}
h2{font-size:1.15rem;margin:1.6rem 0 .5rem;border-top:1px solid #e2e8f0;padding-top:1rem}
.meta{color:#4a5568;font-size:.85rem}table{border-collapse:collapse;width:100%;margin:.5rem 0;font-variant-numeric:tabular-nums}
th,td{padding:.3rem .5rem;border-bottom:1px solid #edf2f7;text-align:right}th:first-child,td:first-child{text-align:left}
td.good{background:#e6f4ea;color:#1e6b34}td.needs-improvement{background:#fef5e1;color:#8a5a00}td.poor{background:#fde8e8;color:#a11d1d}
td.none{color:#a0aec0}
.wrap{overflow-x:auto}.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(18rem,100%),1fr));gap:1rem}
.chart{margin:0}.chart svg{width:100%;height:auto;display:block}.chart text{font-size:10px;fill:#4a5568}.chart .bar{fill:#7f9cf5}
.chart .line{fill:none;stroke:#2b6cb0;stroke-width:2}
.chart .dot{fill:#2b6cb0}.chart .base{stroke:#a0aec0}figcaption{font-size:.8rem;color:#4a5568}.empty{color:#718096;font-style:italic}
.legend{display:flex;flex-wrap:wrap}.legend span{display:inline-block;margin-right:1rem;font-size:.8rem}
.legend i{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:middle}
.causes{font-size:.9rem;margin:.3rem 0 .8rem;padding-left:1.2rem}.causes code{background:#f1f4f8;padding:0 .2rem;border-radius:3px}`;

/** The lab-vs-field dashboard as one self-contained HTML page: inline CSS and SVG, no script, no network requests. */
export function renderDashboard(data: DashboardData): string {
  return [...dashboardParts(data)].join('');
}

/**
 * renderDashboard in parts: the head and overview, then one part per page (its charts), then the
 * end. A server joins them yielding to its event loop between parts, so that rendering 50 pages of
 * charts never holds up the requests it also answers.
 */
export function* dashboardParts(data: DashboardData): Generator<string> {
  const overview = data.pages
    .map((p, i) => `<tr><td><a href="#${slug(p.page, i)}">${esc(p.page)}</a></td>${p.metrics.map(cell).join('')}<td>${p.samples}</td></tr>`)
    .join('');
  const lab = data.labCreatedAt ? `lab results of ${esc(data.labCreatedAt)}` : 'no lab results given';
  const window = `${data.fromDay} to ${data.generatedAt.slice(0, 10)} UTC`;
  const shown = data.pages.length - data.pages.filter((p) => p.samples === 0).length;
  const hidden = data.hiddenPages
    ? `<p class="meta hidden-pages">Showing the top ${shown} pages by samples of ${data.totalPages}; ${data.hiddenPages} more not shown (GET /api/summary lists every page).</p>`
    : '';
  yield `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(data.title)}</title><style>${STYLE}</style></head>
<body><main>
<h1>${esc(data.title)}</h1>
<p class="meta">Field p75 of real users from ${esc(window)} (the last ${data.windowDays} days as whole UTC days; percentiles from histograms, within 5 %), coloured by Core Web Vitals rating · ${lab} · generated ${esc(data.generatedAt)}</p>
${hidden}
<p class="legend">${LEGEND.map(([color, label]) => `<span><i style="background:${color}"></i>${label}</span>`).join('')}</p>
<div class="wrap"><table class="overview"><thead><tr><th>page</th>${FIELD_METRIC_NAMES.map((name) => `<th>${name}</th>`).join('')}<th>samples</th></tr></thead>
<tbody>${overview}</tbody></table></div>
`;
  for (const [i, page] of data.pages.entries()) yield `${i > 0 ? '\n' : ''}${pageSection(page, i, `since ${data.fromDay}`)}`;
  yield '\n</main></body></html>\n';
}
