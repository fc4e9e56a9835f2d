/** Small server-side SVG charts: no script, no network, readable at any width (viewBox scales). */

export const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** A vertical marker on a chart: the lab median, or a budget level. */
export interface Marker {
  value: number;
  label: string;
  kind: 'lab' | 'warn' | 'error';
}

const W = 480;
const H = 160;
const PAD = { left: 8, right: 8, top: 18, bottom: 24 };
const COLORS: Record<Marker['kind'], string> = { lab: '#1f5fbf', warn: '#b7791f', error: '#c53030' };

const niceMax = (value: number) => {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 2.5, 5, 10].map((m) => m * power).find((m) => m >= value) as number;
};

/** A bar of a distribution: how many samples lie between two values. */
export interface Bar {
  lower: number;
  upper: number;
  count: number;
}

/**
 * A histogram of a distribution given as buckets (the database's log buckets), redrawn as 24 equal
 * bars up to the 99th percentile (a few extreme samples would squash the rest; they count in the
 * last bar), with markers for the lab median and the budget on one axis.
 */
export function histogram(buckets: readonly Bar[], markers: readonly Marker[], format: (v: number) => string, title: string): string {
  const total = buckets.reduce((sum, b) => sum + b.count, 0);
  let seen = 0;
  const p99 =
    buckets.find((b) => {
      seen += b.count;
      return seen >= total * 0.99;
    })?.upper ?? 0;
  const top = niceMax(Math.max(p99, ...markers.map((m) => m.value * 1.1), 0));
  const bins = 24;
  const counts = new Array<number>(bins).fill(0);
  for (const b of buckets) counts[Math.min(bins - 1, Math.max(0, Math.floor(((b.lower + b.upper) / 2 / top) * bins)))]! += b.count;
  const most = Math.max(1, ...counts);
  const x = (v: number) => PAD.left + (Math.min(v, top) / top) * (W - PAD.left - PAD.right);
  const barW = (W - PAD.left - PAD.right) / bins;
  const bars = counts
    .map((c, i) => {
      const h = (c / most) * (H - PAD.top - PAD.bottom);
      const label = `${format((i * top) / bins)} - ${i === bins - 1 ? 'more' : format(((i + 1) * top) / bins)}: ${c}`;
      return `<rect class="bar" x="${(PAD.left + i * barW + 1).toFixed(1)}" y="${(H - PAD.bottom - h).toFixed(1)}" width="${(barW - 2).toFixed(1)}" height="${h.toFixed(1)}"><title>${escapeHtml(label)}</title></rect>`;
    })
    .join('');
  return chart(title, `${bars}${markerLines(markers, x)}${axis(top, format, x)}`);
}

/** A daily p75 trend with the budget as horizontal lines. */
export function trend(points: ReadonlyArray<{ day: string; value: number }>, markers: readonly Marker[], format: (v: number) => string, title: string): string {
  const budget = markers.filter((m) => m.kind !== 'lab');
  const top = niceMax(Math.max(...points.map((p) => p.value), ...budget.map((m) => m.value * 1.1), 0));
  const y = (v: number) => H - PAD.bottom - (v / top) * (H - PAD.top - PAD.bottom);
  const step = points.length > 1 ? (W - PAD.left - PAD.right) / (points.length - 1) : 0;
  const x = (i: number) => PAD.left + (points.length > 1 ? i * step : (W - PAD.left - PAD.right) / 2);
  const line = points.map((p, i) => `${x(i).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  const dots = points
    .map(
      (p, i) =>
        `<circle class="dot" cx="${x(i).toFixed(1)}" cy="${y(p.value).toFixed(1)}" r="3"><title>${escapeHtml(`${p.day}: p75 ${format(p.value)}`)}</title></circle>`,
    )
    .join('');
  const lines = budget
    .map(
      (m) =>
        `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(m.value).toFixed(1)}" y2="${y(m.value).toFixed(1)}" stroke="${COLORS[m.kind]}" stroke-dasharray="4 3"/><text x="${W - PAD.right}" y="${(y(m.value) - 3).toFixed(1)}" text-anchor="end" fill="${COLORS[m.kind]}">${escapeHtml(m.label)}</text>`,
    )
    .join('');
  const first = points[0]?.day ?? '';
  const last = points.at(-1)?.day ?? '';
  const labels = `<text x="${PAD.left}" y="${H - 6}">${escapeHtml(first)}</text><text x="${W - PAD.right}" y="${H - 6}" text-anchor="end">${escapeHtml(last)}</text><text x="${PAD.left}" y="${PAD.top - 6}">${escapeHtml(format(top))}</text>`;
  return chart(title, `${lines}<polyline class="line" points="${line}"/>${dots}${labels}`);
}

function markerLines(markers: readonly Marker[], x: (v: number) => number): string {
  return markers
    .map(
      (m, i) =>
        `<line x1="${x(m.value).toFixed(1)}" x2="${x(m.value).toFixed(1)}" y1="${PAD.top}" y2="${H - PAD.bottom}" stroke="${COLORS[m.kind]}" stroke-width="2" ${m.kind === 'lab' ? '' : 'stroke-dasharray="4 3"'}/><text x="${(x(m.value) + 3).toFixed(1)}" y="${PAD.top - 4 + (i % 2) * 10}" fill="${COLORS[m.kind]}">${escapeHtml(m.label)}</text>`,
    )
    .join('');
}

function axis(top: number, format: (v: number) => string, x: (v: number) => number): string {
  return [0, 0.25, 0.5, 0.75, 1]
    .map(
      (f) =>
        `<text x="${x(f * top).toFixed(1)}" y="${H - 6}" text-anchor="${f === 0 ? 'start' : f === 1 ? 'end' : 'middle'}">${escapeHtml(format(f * top))}</text>`,
    )
    .join('');
}

function chart(title: string, body: string): string {
  return `<figure class="chart"><svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeHtml(title)}"><line class="base" x1="${PAD.left}" x2="${W - PAD.right}" y1="${H - PAD.bottom}" y2="${H - PAD.bottom}"/>${body}</svg><figcaption>${escapeHtml(title)}</figcaption></figure>`;
}
