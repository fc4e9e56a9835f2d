import path from 'node:path';
import { NO_SOURCE, sourceName } from './source-sizes.js';
import type { Part } from './types.js';

/** What of esbuild's metafile the sources are read from: each output's size and its inputs' shares. */
export interface EsbuildMetafile {
  outputs: Record<string, { bytes: number; inputs: Record<string, { bytesInOutput: number }> }>;
}

/** The name of the entry size-limit writes for a check's `import`, in a folder of its own. */
export const IMPORT_ENTRY = "(size-limit's import)";

/**
 * What each source weighs in an esbuild bundle, uncompressed, from its metafile: inputs named as in
 * a source map's breakdown (relative to the project, node_modules by package), size-limit's import
 * entry (in `importDir`) by one name, what no input accounts for as `NO_SOURCE`; the parts add up to
 * the outputs' size. Input paths are relative to `workingDir`, esbuild's. Largest first. Pure.
 */
export function esbuildSources(metafile: EsbuildMetafile, workingDir: string, projectDir: string, importDir: string | null): Part[] {
  const totals = new Map<string, number>();
  const add = (name: string, bytes: number) => totals.set(name, (totals.get(name) ?? 0) + bytes);
  for (const output of Object.values(metafile.outputs)) {
    let counted = 0;
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const file = path.resolve(workingDir, input);
      const inImport = importDir !== null && !path.relative(importDir, file).startsWith('..');
      add(inImport ? IMPORT_ENTRY : sourceName(path.relative(projectDir, file)), bytesInOutput);
      counted += bytesInOutput;
    }
    if (output.bytes > counted) add(NO_SOURCE, output.bytes - counted);
  }
  return [...totals]
    .filter(([, value]) => value > 0)
    .map(([name, value]) => ({ name, value }))
    .sort((a, b) => b.value - a.value || a.name.localeCompare(b.name));
}
