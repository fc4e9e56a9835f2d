import path from 'node:path';
import { UserError } from '../errors.js';
import { isFolder } from '../is-folder.js';

/**
 * The folder a flag names, resolved against cwd; a clear exit-2 error naming the flag, the path it
 * resolved to and the fix when it is missing or a file.
 */
export function folderFlag(flag: string, value: string, cwd: string, fix: string): string {
  const dir = path.resolve(cwd, value);
  if (!isFolder(dir)) throw new UserError(`${flag} ${value}: ${dir} is not a folder. ${fix}`);
  return dir;
}
