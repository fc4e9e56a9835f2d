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
    // Its files are named as the pull request's: from the budgets file's folder, where the head's lie under headDir.
    return [{ ...bundle, baseDir, patterns: patterns as string[], time: null, namePrefix: path.relative(bundle.baseDir, headDir) }];
  });
}

/**
 * The bundles in the base commit's copy of the project (`perfgate size --base-root`): each bundle's
 * globs, as written, resolved in `baseRoot` where they are resolved in `projectDir` for the pull
 * request (the folder of budgets.json or of size-limit's config), by size only.
 */
export function bundlesInBaseCopy(bundles: readonly BundleBudget[], projectDir: string, baseRoot: string): BundleBudget[] {
  return bundles.map((bundle) => ({ ...bundle, baseDir: path.resolve(baseRoot, path.relative(projectDir, bundle.baseDir)), time: null }));
}
