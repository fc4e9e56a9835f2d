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
  for (const name of readable(path.join(dir, prefix), (where) => readdirSync(where)).sort()) {
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

/** A file or folder of a build that could not be read: the builds are then compared by measuring them. */
export class UnreadableBuild extends Error {}

/** `read(where)`, its failure named as an {@link UnreadableBuild}. */
function readable<T>(where: string, read: (where: string) => T): T {
  try {
    return read(where);
  } catch (error) {
    throw new UnreadableBuild(`cannot read ${where} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

/** The digest of a built folder: two folders with the same digest serve the same bytes at the same paths. */
export function buildDigest(dir: string): BuildDigest {
  const hash = createHash('sha256');
  let bytes = 0;
  const files = filesUnder(dir);
  for (const file of files) {
    const content = readable(path.join(dir, file), (where) => readFileSync(where));
    bytes += content.length;
    hash.update(`${file}\0${content.length}\0`);
    hash.update(content);
  }
  return { files: files.length, bytes, sha256: hash.digest('hex') };
}

/**
 * The digest of two built folders when they hold the same bytes at the same paths, else null. A
 * build that cannot be read in full is not known to be identical: `note` says why, and both are measured.
 */
export function identicalBuilds(baseDir: string, headDir: string, note: (line: string) => void): BuildDigest | null {
  try {
    const head = buildDigest(headDir);
    return buildDigest(baseDir).sha256 === head.sha256 ? head : null;
  } catch (error) {
    if (!(error instanceof UnreadableBuild)) throw error;
    note(`perfgate: could not tell whether the base's build is identical to this one: ${error.message}; both are measured side by side\n`);
    return null;
  }
}
