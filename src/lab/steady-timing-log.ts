import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

interface TimingLog {
  timeEnd: (status: { msg: string; id: string; args?: unknown[] }, level?: string) => void;
  /** Set once perfgate has wrapped timeEnd. */
  perfgateSteady?: true;
}

/** The error Node's performance.measure gives for a start mark that is gone. */
const isClearedMark = (error: unknown) => error instanceof Error && /performance mark has not been set/.test(error.message);

/**
 * Makes Lighthouse's timing log (lighthouse-logger's `Log.timeEnd`) ignore a start mark that is
 * gone. Lighthouse clears every mark when a run takes its time entries; a computation that outlived
 * its own run (one a failed gatherer left pending) then ends after the next run did so, its
 * `timeEnd` throws, and the promise handler that called it rejects with nobody listening
 * (GoogleChrome/lighthouse#15379): an unhandled rejection that would end perfgate in the middle of
 * its runs, over a line of timing that no report uses. Other errors are thrown as before. Returns
 * whether the log is steady (false when this Lighthouse has no such log).
 */
export async function steadyTimingLog(lighthouseDir: string): Promise<boolean> {
  let log: TimingLog | undefined;
  try {
    const file = createRequire(path.join(lighthouseDir, 'package.json')).resolve('lighthouse-logger');
    log = ((await import(pathToFileURL(file).href)) as { default?: TimingLog }).default;
  } catch {
    return false;
  }
  if (typeof log?.timeEnd !== 'function') return false;
  if (log.perfgateSteady) return true;
  const timeEnd = log.timeEnd;
  log.timeEnd = function (this: unknown, ...args) {
    try {
      timeEnd.apply(this, args);
    } catch (error) {
      if (!isClearedMark(error)) throw error;
    }
  };
  log.perfgateSteady = true;
  return true;
}
