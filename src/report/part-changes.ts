import type { Part } from '../types.js';
import { withoutContentHash } from './content-hash.js';

/** How one file of a bundle (or the files of one name but for their content hash) changed against the base. */
export interface PartChange {
  /** The file's name across builds (`assets/index-*.js`). */
  name: string;
  /** Files of that name in the pull request and in the base (0: new, or gone). */
  files: number;
  baseFiles: number;
  value: number;
  base: number;
  delta: number;
}

function grouped(parts: readonly Part[]): Map<string, { files: number; value: number }> {
  const groups = new Map<string, { files: number; value: number }>();
  for (const part of parts) {
    const name = withoutContentHash(part.name);
    const group = groups.get(name) ?? { files: 0, value: 0 };
    groups.set(name, { files: group.files + 1, value: group.value + part.value });
  }
  return groups;
}

/**
 * Where a bundle's change is: its files against the base's, matched by name with content hashes
 * left out (a rebuilt `index-BxK3a9Qz.js` is `index-Dq81LmzA.js` changed, not one file gone and one
 * new), files of one such name counted together. Only those that changed, the largest change first. Pure.
 */
export function partChanges(parts: readonly Part[], baseParts: readonly Part[]): PartChange[] {
  const head = grouped(parts);
  const base = grouped(baseParts);
  const names = [...new Set([...head.keys(), ...base.keys()])];
  return names
    .map((name) => {
      const now = head.get(name) ?? { files: 0, value: 0 };
      const before = base.get(name) ?? { files: 0, value: 0 };
      return { name, files: now.files, baseFiles: before.files, value: now.value, base: before.value, delta: now.value - before.value };
    })
    .filter((c) => c.delta !== 0 || c.files !== c.baseFiles)
    .sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta) || a.name.localeCompare(b.name));
}
