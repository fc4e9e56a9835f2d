import path from 'node:path';
import type { BundleBudget } from '../config/model.js';

/** A path inside `folder`, relative to it with `/`; null when it lies outside. */
function inside(folder: string, file: string): string | null {
  const relative = path.relative(folder, file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return null;
  return relative.split(path.sep).join('/');
}

/**
 * The bundles as the base commit's build holds them, side by side: a bundle whose globs all lie in
 * the pull request's build folder (`staticDir`) is looked for at the same paths in the base's
 * (`--base-dir`), by size only (a running time of one run on each side is not a change worth
 * reporting). Bundles outside the build folder have no base.
 */
export function bundlesOnBase(bundles: readonly BundleBudget[], headDir: string, baseDir: string): BundleBudget[] {
  return bundles.flatMap((bundle) => {
    const patterns = bundle.patterns.map((pattern) => {
      const negated = pattern.startsWith('!');
      const relative = inside(headDir, path.resolve(bundle.baseDir, negated ? pattern.slice(1) : pattern));
      return relative === null ? null : `${negated ? '!' : ''}${relative}`;
    });
    if (patterns.some((p) => p === null)) return [];
    return [{ ...bundle, baseDir, patterns: patterns as string[], time: null }];
  });
}
