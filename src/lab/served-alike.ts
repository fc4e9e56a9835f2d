import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { BuildDigest } from '../types.js';
import { isAppRoute } from './app-route.js';
import { loadedPaths } from './loaded-paths.js';

/**
 * What perfgate's static server (serve-static) answers at a URL path from a folder: a file's bytes,
 * a folder's redirect, or nothing; for a single-page app, index.html's bytes at a route no file has.
 */
function served(dir: string, urlPath: string, singlePageApplication = false): Buffer | 'folder' | 'nothing' {
  const found = file(dir, urlPath);
  return found === 'nothing' && singlePageApplication && isAppRoute(urlPath) ? file(dir, '/index.html') : found;
}

/** What serve-static answers at a URL path from a folder: a file's bytes, a folder's redirect, or nothing. */
function file(dir: string, urlPath: string): Buffer | 'folder' | 'nothing' {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return 'nothing';
  }
  // serve-static ignores dotfiles and refuses paths that leave the folder: both builds answer alike.
  if (decoded.split('/').some((part) => part.startsWith('.'))) return 'nothing';
  const relative = decoded.replace(/^\/+/, '') + (decoded.endsWith('/') ? 'index.html' : '');
  const file = path.resolve(dir, relative);
  if (file !== dir && !file.startsWith(dir + path.sep)) return 'nothing';
  const stat = statSync(file, { throwIfNoEntry: false });
  if (stat?.isDirectory()) return 'folder';
  if (!stat?.isFile()) return 'nothing';
  try {
    return readFileSync(file);
  } catch {
    return 'nothing';
  }
}

/**
 * Whether two built folders serve the same at every one of `paths` (the same bytes, or nothing at
 * both): then a page that loaded only these cannot load differently from the base's build. Gives the
 * digest of what is served, or the first path where the folders differ.
 */
export function servedAlike(
  paths: readonly string[],
  baseDir: string,
  headDir: string,
  singlePageApplication = false,
): { alike: BuildDigest } | { differs: string } {
  const hash = createHash('sha256');
  let files = 0;
  let bytes = 0;
  for (const urlPath of paths) {
    const head = served(path.resolve(headDir), urlPath, singlePageApplication);
    const base = served(path.resolve(baseDir), urlPath, singlePageApplication);
    const same = typeof head === 'string' || typeof base === 'string' ? head === base : head.equals(base);
    if (!same) return { differs: urlPath };
    hash.update(`${urlPath}\0${typeof head === 'string' ? head : head.length}\0`);
    if (typeof head !== 'string') {
      hash.update(head);
      files++;
      bytes += head.length;
    }
  }
  return { alike: { files, bytes, sha256: hash.digest('hex') } };
}

/**
 * For side-by-side runs of two built folders: the digest of what a page's runs on `siteUrl` loaded
 * when the base's folder serves all of it alike, else null (a file differs, or a run's report does
 * not list its requests, or lists none from the site).
 */
export function runsServedAlike(
  runs: readonly Parameters<typeof loadedPaths>[0][],
  siteUrl: string,
  baseDir: string,
  headDir: string,
  singlePageApplication = false,
): BuildDigest | null {
  const paths = new Set<string>();
  for (const run of runs) {
    const loaded = loadedPaths(run, siteUrl);
    if (!loaded) return null;
    for (const p of loaded) paths.add(p);
  }
  // Not even the page's own document from the site: what it loaded is not known.
  if (paths.size === 0) return null;
  const outcome = servedAlike([...paths].sort(), baseDir, headDir, singlePageApplication);
  return 'alike' in outcome ? outcome.alike : null;
}
