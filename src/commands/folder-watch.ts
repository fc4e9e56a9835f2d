import { type Dirent, type FSWatcher, existsSync, lstatSync, readFileSync, readdirSync, watch } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';

/** What a folder watch reports: each file (relative to the watched folder) that may have changed, and an error that ends it. */
export interface FolderWatchEvents {
  onFile: (file: string) => void;
  onError: (error: Error) => void;
}

/**
 * The user error for a watch the system refuses: Linux's limit on watched folders (inotify's
 * max_user_watches, shared by every program of the user) or on open files, with the fix. Any other
 * error is returned as it is. Pure but for reading the limit from `limitFile` when it can.
 */
export function watchLimitError(error: Error, dir: string, limitFile = '/proc/sys/fs/inotify/max_user_watches'): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC') {
    let limit = ',';
    try {
      limit = `, now ${readFileSync(limitFile, 'utf8').trim()},`;
    } catch {}
    return new UserError(
      `--watch: the system's limit on watched folders is reached while watching ${dir} (fs.inotify.max_user_watches${limit} shared with every other program that watches files, editors too). Raise it: sudo sysctl fs.inotify.max_user_watches=524288 (add the line fs.inotify.max_user_watches=524288 to /etc/sysctl.conf to keep it), or close other watching programs.`,
    );
  }
  if (code === 'EMFILE')
    return new UserError(
      `--watch: too many open files while watching ${dir}: raise the limit of open files (ulimit -n 4096) or close other watching programs.`,
    );
  return error;
}

/** A path's inode, to tell a folder from another made under its name; null when it is gone. */
function inodeOf(file: string): number | null {
  try {
    return lstatSync(file).ino;
  } catch {
    return null;
  }
}

/** Whether `file` is a folder itself, not a link to one (a link to a parent would never end). */
function isRealFolder(file: string): boolean {
  try {
    return lstatSync(file).isDirectory();
  } catch {
    return false;
  }
}

/** The folders inside `rel` (relative to `dir`) to watch, without following links (a link to a parent would never end). */
function foldersIn(dir: string, rel: string): { folders: string[]; files: string[] } {
  let entries: Dirent[];
  try {
    entries = readdirSync(path.join(dir, rel), { withFileTypes: true });
  } catch {
    return { folders: [], files: [] };
  }
  const join = (name: string) => (rel === '' ? name : path.join(rel, name));
  return {
    folders: entries.filter((e) => e.isDirectory()).map((e) => join(e.name)),
    files: entries.filter((e) => !e.isDirectory()).map((e) => join(e.name)),
  };
}

/**
 * Watches `dir` and every folder below it that `watched` takes, each folder on its own (inotify has no
 * recursive watch: Node's emulation watches every folder, node_modules too, and past the system's
 * limit it misses changes without a word). Folders made later are watched as they appear, and the
 * files already in them reported; folders removed are let go. macOS and Windows watch a tree
 * natively: there `dir` is watched recursively and `watched` filters the reports only. Throws the
 * limit's user error when the system refuses the first folders; later refusals go to `onError`.
 * Returns the function that stops it.
 */
export function watchFolders(dir: string, watched: (rel: string) => boolean, events: FolderWatchEvents): () => void {
  if (process.platform === 'darwin' || process.platform === 'win32') {
    let watcher: FSWatcher;
    try {
      watcher = watch(dir, { recursive: true });
    } catch (error) {
      throw watchLimitError(error as Error, dir);
    }
    watcher.on('change', (_event, name) => {
      if (name !== null && watched(String(name))) events.onFile(String(name));
    });
    watcher.on('error', (error) => events.onError(watchLimitError(error, dir)));
    return () => watcher.close();
  }
  // Each folder watched, and which folder it is (its inode): one removed and made again under the same name is another.
  const watchers = new Map<string, { watcher: FSWatcher; ino: number }>();
  let closed = false;
  const letGo = (rel: string) => {
    for (const [folder, { watcher }] of watchers)
      if (folder === rel || folder.startsWith(`${rel}${path.sep}`)) {
        watcher.close();
        watchers.delete(folder);
      }
  };
  const fail = (error: Error) => {
    if (closed) return;
    stop();
    events.onError(watchLimitError(error, dir));
  };
  // A folder and the ones below it; `report` says the files found, for a folder made after the start.
  const add = (rel: string, report: boolean) => {
    if (closed || watchers.has(rel) || !watched(rel)) return;
    const abs = rel === '' ? dir : path.join(dir, rel);
    let watcher: FSWatcher;
    let ino: number;
    try {
      ino = lstatSync(abs).ino;
      watcher = watch(abs);
    } catch (error) {
      // Removed again before it could be watched (a build at work): nothing to watch.
      const code = (error as NodeJS.ErrnoException).code;
      if (rel !== '' && (code === 'ENOENT' || code === 'ENOTDIR')) return;
      throw error;
    }
    watchers.set(rel, { watcher, ino });
    watcher.on('change', (event, name) => {
      if (name === null) return;
      // The folder itself removed or replaced (its watch then names it; a folder made at once under its name may have
      // its inode number): its parent's watch takes it from here. (A file of the folder's name removed from it goes unseen.)
      const itself = String(name) === path.basename(abs) && !existsSync(path.join(abs, String(name)));
      if (rel !== '' && (itself || inodeOf(abs) !== ino)) {
        letGo(rel);
        return;
      }
      const file = rel === '' ? String(name) : path.join(rel, String(name));
      if (!watched(file)) return;
      if (isRealFolder(path.join(dir, file))) {
        // A folder made, moved in, or removed and made again: watched (afresh), and what it holds reported.
        if (event === 'rename') letGo(file);
        try {
          add(file, true);
        } catch (error) {
          fail(error as Error);
        }
        return;
      }
      // A folder removed (or replaced by a file): its watches are let go.
      if (watchers.has(file)) letGo(file);
      events.onFile(file);
    });
    // A folder removed may end its watch with an error: let it go; any other error ends the watch.
    watcher.on('error', (error) => (existsSync(abs) ? fail(error) : letGo(rel)));
    const inside = foldersIn(dir, rel);
    if (report) for (const file of inside.files) if (watched(file)) events.onFile(file);
    for (const folder of inside.folders) add(folder, report);
  };
  const stop = () => {
    closed = true;
    for (const { watcher } of watchers.values()) watcher.close();
    watchers.clear();
  };
  try {
    add('', false);
  } catch (error) {
    stop();
    throw watchLimitError(error as Error, dir);
  }
  return stop;
}
