import { IMPORT_ENTRY } from './esbuild-sources.js';
import { sourceName } from './source-sizes.js';
import type { Part } from './types.js';

/**
 * A webpack bundle's sources, read from its source map, named as an esbuild bundle's: size-limit's
 * import entry, which it writes into the bundle's temporary output folder (a new random name each
 * time), as one name, so that a base and a head compare source by source. Pure.
 */
export function webpackSources(parts: readonly Part[], outputDir: string): Part[] {
  const inOutput = `${sourceName(outputDir)}/`;
  const totals = new Map<string, number>();
  for (const part of parts) {
    const name = part.name.startsWith(inOutput) ? IMPORT_ENTRY : part.name;
    totals.set(name, (totals.get(name) ?? 0) + part.value);
  }
  return [...totals].map(([name, value]) => ({ name, value })).sort((a, b) => b.value - a.value || a.name.localeCompare(b.name));
}
