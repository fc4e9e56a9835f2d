import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Where a package a project's config needs is (size-limit's bundler plugins, jiti): the project's own,
 * resolved beside its package.json, else perfgate's (an optional peer dependency); null when neither has it.
 */
export function resolveProjectPackage(name: string, projectDir: string): string | null {
  for (const from of [path.join(projectDir, 'package.json'), import.meta.url]) {
    try {
      return createRequire(from).resolve(name);
    } catch {}
  }
  return null;
}
