import { existsSync, statSync } from 'node:fs';

/** Whether the path names a folder (following symbolic links); false when it is missing or a file. */
export function isFolder(file: string): boolean {
  return existsSync(file) && statSync(file).isDirectory();
}
