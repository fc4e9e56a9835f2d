import { createRequire } from 'node:module';

/**
 * How far a thread's work gives way to the rest of the process:
 * - `idle`: Linux's SCHED_IDLE. The thread runs on a core that nothing else wants, and gives the
 *   core up the moment a thread of normal priority wakes there (the one that answers beacons).
 * - `nice`: a nice value of its own, when SCHED_IDLE is not to be had (no `chrt`, or refused).
 *   On this kernel (EEVDF) a nice thread still makes a waking thread wait out its time slice.
 * - `unchanged`: neither (not Linux).
 */
export type ThreadPriority = 'idle' | 'nice' | 'unchanged';

/**
 * The code that lowers the calling thread's priority, as the source of one function, so that the
 * SQLite workers (eval'd strings, see sqlite-worker-code.ts) run the same code as the modules.
 * A thread is a task with its own policy and nice value on Linux, found through /proc/thread-self;
 * an unprivileged thread may move itself to SCHED_IDLE (`chrt -i`, util-linux's or BusyBox's, as
 * Node has no call for it). The nice value is set first, so that a refused `chrt` still leaves the thread lower.
 * Threads that a lowered thread starts inherit its policy. libuv's thread pool (files, DNS, async
 * zlib) is not among them: loading an ES module starts it, and a worker's modules load before the
 * worker lowers itself.
 */
export const LOWER_THREAD_PRIORITY_SOURCE = `function lowerThreadPriority(require, nice, idle) {
  let tid;
  try {
    tid = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop());
    require('node:os').setPriority(tid, nice);
  } catch {
    return 'unchanged';
  }
  if (!idle) return 'nice';
  try {
    const chrt = require('node:child_process').spawnSync('chrt', ['-i', '-p', '0', String(tid)], { stdio: 'ignore', timeout: 5000 });
    return chrt.status === 0 ? 'idle' : 'nice';
  } catch {
    return 'nice';
  }
}`;

const lower = new Function(`return ${LOWER_THREAD_PRIORITY_SOURCE}`)() as (require: NodeRequire, nice: number, idle: boolean) => ThreadPriority;

/** Lowers the calling thread's priority alone: to SCHED_IDLE when `idle` and Linux allows it, else to `nice`. */
export function lowerThreadPriority(nice: number, idle: boolean): ThreadPriority {
  return lower(createRequire(import.meta.url), nice, idle);
}
