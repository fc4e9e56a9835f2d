import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/**
 * Lowers the CPU priority of the calling thread alone (Linux: a thread is a task with its own nice
 * value, found through /proc/thread-self), so that its work takes a core only when the rest of the
 * process leaves one. Elsewhere, or when refused, the thread keeps its priority: returns false.
 */
export function lowerThreadPriority(nice: number): boolean {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    setPriority(tid, nice);
    return true;
  } catch {
    return false;
  }
}
