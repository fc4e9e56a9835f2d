import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { BuildDigest } from '../types.js';

/**
 * The files under `dir`, relative, sorted; symbolic links followed as the static server follows
 * them, a folder that links back to one above it (a loop) once.
 */
function filesUnder(dir: string, prefix = '', above: ReadonlySet<string> = new Set([realpathSync(dir)])): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(dir, prefix)).sort()) {
    const relative = prefix ? `${prefix}/${name}` : name;
    const full = path.join(dir, relative);
    const stat = statSync(full, { throwIfNoEntry: false });
    if (stat?.isDirectory()) {
      const real = realpathSync(full);
      if (!above.has(real)) out.push(...filesUnder(dir, relative, new Set([...above, real])));
    } else if (stat?.isFile()) out.push(relative);
  }
  return out;
}

/** The digest of a built folder: two folders with the same digest serve the same bytes at the same paths. */
export function buildDigest(dir: string): BuildDigest {
  const hash = createHash('sha256');
  let bytes = 0;
  const files = filesUnder(dir);
  for (const file of files) {
    const content = readFileSync(path.join(dir, file));
    bytes += content.length;
    hash.update(`${file}\0${content.length}\0`);
    hash.update(content);
  }
  return { files: files.length, bytes, sha256: hash.digest('hex') };
}
