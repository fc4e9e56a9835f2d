import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { watchFolders } from './folder-watch.js';

/** How long files must stay quiet before a change is acted on: a build writes many files in a burst. */
const QUIET_MS = 250;

/**
 * Whether a change to `file` (relative to the watched folder) is one to act on: not in node_modules
 * (as size-limit --watch skips it), not in git's folder, and not in a folder perfgate writes to
 * (`ownFolders`, relative too), which would otherwise start the next measurement itself. Pure.
 */
export function isWatchedChange(file: string, ownFolders: readonly string[]): boolean {
  const parts = file.split(/[\\/]/);
  if (parts.includes('node_modules') || parts[0] === '.git') return false;
  return !ownFolders.some((folder) => folder !== '' && (file === folder || file.startsWith(`${folder}/`) || file.startsWith(`${folder}${path.sep}`)));
}

/** What a file holds now, to tell a change of its content from a write of the same bytes: a hash, `missing` or `folder`. */
function contentOf(file: string): string {
  try {
    if (statSync(file).isDirectory()) return 'folder';
    return createHash('sha256').update(readFileSync(file)).digest('hex');
  } catch {
    return 'missing';
  }
}

/**
 * Calls `onChange` with the changed files each time files under `dir` change (in every folder below
 * but those `isWatchedChange` leaves out, which are not watched at all) and then stay quiet for a
 * moment; never while an earlier call runs: changes meanwhile give one more call once it has ended
 * and they are quiet. A write that leaves a file's content as it was is no change: so a bundle that
 * the measurement itself writes into the folder (a webpack config's output) starts one more
 * measurement at most, never one after another for ever. Folders are left to the changes of their
 * files. Resolves once `signal` aborts and the call under way has ended; rejects with what a call
 * throws (or the watch: the system's limit on watched folders as a user error).
 */
export function watchChanges(
  dir: string,
  ownFolders: readonly string[],
  signal: AbortSignal,
  onChange: (files: readonly string[]) => Promise<void>,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const pending = new Set<string>();
    // Each changed file's content when its last change was taken.
    const contents = new Map<string, string>();
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<void> | null = null;
    let closed = false;
    let stopWatching = () => {};
    const close = () => {
      closed = true;
      clearTimeout(timer);
      stopWatching();
    };
    const run = () => {
      if (closed || running || pending.size === 0) return;
      const files = [...pending];
      pending.clear();
      running = onChange(files)
        .catch((error) => {
          close();
          reject(error);
        })
        .finally(() => {
          running = null;
          // Files changed while it ran: once they are quiet, again.
          if (pending.size > 0) later();
        });
    };
    const later = () => {
      clearTimeout(timer);
      if (!closed) timer = setTimeout(run, QUIET_MS);
    };
    const onFile = (file: string) => {
      if (closed || !isWatchedChange(file, ownFolders)) return;
      const content = contentOf(path.join(dir, file));
      if (content === 'folder' || contents.get(file) === content) return;
      contents.set(file, content);
      pending.add(file);
      // While a call runs, the change waits for its end.
      if (!running) later();
    };
    const onError = (error: Error) => {
      close();
      reject(error);
    };
    try {
      stopWatching = watchFolders(dir, (rel) => isWatchedChange(rel, ownFolders), { onFile, onError });
    } catch (error) {
      onError(error as Error);
      return;
    }
    const stop = () => {
      close();
      void (running ?? Promise.resolve()).then(() => resolve());
    };
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
  });
}
