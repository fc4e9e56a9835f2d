/**
 * One entry of `manifest.json`, as Lighthouse CI's `lhci upload --target=filesystem` writes it for
 * each run: scripts and actions written for that file read perfgate's runs unchanged.
 */
export interface LhciManifestEntry {
  url: string;
  /** The page's representative run (the one nearest the medians), whose HTML report perfgate writes. */
  isRepresentativeRun: boolean;
  /** The HTML report: perfgate writes one for the representative run only, so the others have none. */
  htmlPath?: string;
  jsonPath: string;
  /** Each category's score (0-1, null when Lighthouse could not score it), as Lighthouse CI's `summary`. */
  summary: Record<string, number | null>;
}

/** A run's entry from its Lighthouse result and the file it was saved to. Pure. */
export function lhciManifestEntry(
  lhr: { requestedUrl?: string; finalDisplayedUrl?: string; categories?: Record<string, { score?: number | null }> },
  jsonPath: string,
): LhciManifestEntry {
  const summary: Record<string, number | null> = {};
  for (const [id, category] of Object.entries(lhr.categories ?? {})) summary[id] = typeof category?.score === 'number' ? category.score : null;
  return { url: lhr.requestedUrl ?? lhr.finalDisplayedUrl ?? '', isRepresentativeRun: false, jsonPath, summary };
}
