import path from 'node:path';

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

/**
 * A shard's manifest entries as `perfgate merge` finds them: each report path re-rooted in the
 * folder the shard's results.json now lies in (its `runs/` and `reports/`), since the paths the
 * shard wrote were on its own machine. Pure.
 */
export function movedManifest(entries: readonly LhciManifestEntry[], shardDir: string): LhciManifestEntry[] {
  return entries.map((entry) => ({
    ...entry,
    jsonPath: path.join(shardDir, 'runs', path.basename(entry.jsonPath)),
    ...(entry.htmlPath ? { htmlPath: path.join(shardDir, 'reports', path.basename(entry.htmlPath)) } : {}),
  }));
}
