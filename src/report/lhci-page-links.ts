/** Beside results.json: each page's link on Lighthouse CI from the last `perfgate upload`, which the review shows. */
export const LHCI_LINKS_FILE = 'lhci-links.json';

/** A page's link on Lighthouse CI after `perfgate upload`: its build diff on a server, or its report in public storage. */
export interface LhciPageLink {
  page: string;
  url: string;
  link: string;
}

/** Whether a value is a web address (http or https), the only links the review shows. */
export const isWebLink = (value: unknown): value is string => typeof value === 'string' && /^https?:\/\//i.test(value);

/**
 * Each measured page's link from Lighthouse CI's `links.json`, which `lhci upload` keys by the URL a
 * run ended at (a redirect's target): a page finds it through its runs' final URLs, or by its own
 * URL. Pages without one (user flows, pages that could not be measured) have none. Pure.
 */
export function lhciPageLinks(
  links: Readonly<Record<string, unknown>>,
  runs: ReadonlyArray<{ url: string; finalUrl?: string }>,
  pages: ReadonlyArray<{ name: string; url: string; flow?: unknown }>,
): LhciPageLink[] {
  const out: LhciPageLink[] = [];
  for (const page of pages) {
    if (page.flow) continue;
    const keys = [...runs.filter((run) => run.url === page.url).map((run) => run.finalUrl), page.url];
    const link = keys.map((key) => (key === undefined ? undefined : links[key])).find(isWebLink);
    if (link !== undefined) out.push({ page: page.name, url: page.url, link });
  }
  return out;
}
