/** The part of a Lighthouse report that lists what the page requested. */
interface WithRequests {
  audits: Record<string, { details?: unknown } | undefined>;
}

/**
 * The paths a run of a page requested from `siteUrl`'s origin (Lighthouse's `network-requests`),
 * without query or fragment, each once, sorted; null when the report lists no requests (the audit
 * did not run), so that what the page loaded is not known. Requests to other origins are left out:
 * the same code asks both builds for the same URL there.
 */
export function loadedPaths(lhr: WithRequests, siteUrl: string): string[] | null {
  const details = lhr.audits['network-requests']?.details as { items?: Array<{ url?: unknown }> } | undefined;
  if (!Array.isArray(details?.items) || details.items.length === 0) return null;
  const origin = new URL(siteUrl).origin;
  const paths = new Set<string>();
  for (const { url } of details.items) {
    if (typeof url !== 'string') continue;
    const parsed = URL.canParse(url) ? new URL(url) : null;
    if (parsed?.origin === origin) paths.add(parsed.pathname);
  }
  return [...paths].sort();
}
