import { readFileSync } from 'node:fs';
import type { LhciManifestEntry } from '../lab/lhci-manifest.js';

/** A manifest.json that perfgate run (or merge) wrote, or null when it is not one (not JSON, or not a list of runs with their jsonPath). */
export function readLhciManifest(file: string): LhciManifestEntry[] | null {
  try {
    const data: unknown = JSON.parse(readFileSync(file, 'utf8'));
    const runs = Array.isArray(data) && data.every((e) => typeof (e as { jsonPath?: unknown } | null)?.jsonPath === 'string');
    return runs ? (data as LhciManifestEntry[]) : null;
  } catch {
    return null;
  }
}
