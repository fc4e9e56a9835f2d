import { existsSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import { reviewIdProblem } from '../report/review-marker.js';

/** The repository's root folder: the CI's checkout (GitHub, GitLab), else the nearest folder up from `cwd` holding `.git`. */
function repositoryRoot(cwd: string, env: NodeJS.ProcessEnv): string | null {
  const fromCi = env.GITHUB_WORKSPACE || env.CI_PROJECT_DIR;
  if (fromCi) return path.resolve(fromCi);
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return null;
  }
}

/**
 * Which package a review is of, in a monorepo: `--id` when given (exit 2 when it could break the
 * comment's marker), else the folder of the config file relative to the repository's root
 * (`packages/web`) when that is not the root itself; undefined for a repository's one package.
 */
export function reviewId(explicit: string | undefined, configFile: string, cwd: string, env: NodeJS.ProcessEnv): string | undefined {
  if (explicit !== undefined) {
    const problem = reviewIdProblem(explicit);
    if (problem) throw new UserError(`--id "${explicit}": an id ${problem}. For example: --id web, or --id packages/web.`);
    return explicit;
  }
  const root = repositoryRoot(cwd, env);
  if (!root) return undefined;
  const relative = path.relative(root, path.dirname(path.resolve(cwd, configFile)));
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  const id = relative
    .split(path.sep)
    .map(
      (part) =>
        part
          .replace(/[^A-Za-z0-9@_.-]+/g, '_')
          .replace(/-{2,}/g, '-')
          .replace(/-+$/, '') || '_',
    )
    .join('/');
  return reviewIdProblem(id) ? undefined : id;
}
