import { escapeMarkdown } from './escape.js';
import { linkTarget } from './report-link.js';

/** The review's line linking each page on Lighthouse CI (`On Lighthouse CI: [home](…) · [sale](…)`), or '' without links. */
export function lhciLinksLine(links: ReadonlyArray<{ page: string; link: string }> | undefined): string {
  if (!links?.length) return '';
  return `On Lighthouse CI: ${links.map((l) => `[${escapeMarkdown(l.page)}](${linkTarget(l.link)})`).join(' · ')}\n`;
}
