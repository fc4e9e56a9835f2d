import { assertKnownPageNames } from '../known-page-names.js';
import type { Results } from '../results.js';

/** One HTML report to open: what it is of (a page, or a user flow for all its steps) and its path inside the output folder. */
export interface ReportToOpen {
  name: string;
  html: string;
}

/**
 * The HTML reports `perfgate open` opens, as `lhci open` opens each URL's representative run: each
 * page's, and each user flow's one report (its steps share it), in results.json's order; only those
 * `names` names (pages or flows) when given. A name results.json lacks is a UserError naming the
 * closest. Pure.
 */
export function reportsToOpen(results: Pick<Results, 'pages'>, file: string, names: readonly string[] = []): ReportToOpen[] {
  const all: ReportToOpen[] = [];
  for (const page of results.pages) {
    const html = page.reports?.html;
    if (!html || all.some((r) => r.html === html)) continue;
    all.push({ name: page.flow ? page.flow.name : page.name, html });
  }
  if (names.length === 0) return all;
  const known = [...new Set(results.pages.map((p) => (p.flow ? p.flow.name : p.name)))];
  assertKnownPageNames(names, known, file);
  return all.filter((r) => names.includes(r.name));
}
