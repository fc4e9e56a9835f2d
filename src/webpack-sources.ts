import path from 'node:path';
import { IMPORT_ENTRY } from './esbuild-sources.js';
import { sourceName } from './source-sizes.js';
import type { Part } from './types.js';

/** webpack's stand-ins for the packages left out of the bundle (peer dependencies, `ignore`): `external root "a"` in size-limit's config. */
export const EXTERNALS = '(packages left out)';

/**
 * A webpack bundle's sources, read from its source map, named as an esbuild bundle's: size-limit's
 * import entry, which it writes into the bundle's output folder (a temporary one of a new random name
 * each time, or --save-bundle's), as one name, so that a base and a head compare source by source.
 * webpack names a source by its path from its context (`context`), which leads up to the root for a
 * temporary folder and not for one in the project: both are recognised. Its stand-ins for the packages
 * left out are named as such. Pure.
 */
export function webpackSources(parts: readonly Part[], outputDir: string, context: string): Part[] {
  const prefixes = [sourceName(outputDir), sourceName(path.relative(context, outputDir))].map((name) => `${name}/`);
  const totals = new Map<string, number>();
  for (const part of parts) {
    const name = prefixes.some((prefix) => part.name.startsWith(prefix)) ? IMPORT_ENTRY : part.name.startsWith('external ') ? EXTERNALS : part.name;
    totals.set(name, (totals.get(name) ?? 0) + part.value);
  }
  return [...totals].map(([name, value]) => ({ name, value })).sort((a, b) => b.value - a.value || a.name.localeCompare(b.name));
}
