import path from 'node:path';

/** A path as the user would write it here: relative inside the folder, whole outside it. */
export function shortPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative === '' ? '.' : relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}
