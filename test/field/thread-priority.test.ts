import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { startReadThread } from '../../src/field/read-thread.js';
import { openSqliteStore } from '../../src/field/sqlite-store.js';
import { LOWER_THREAD_PRIORITY_SOURCE } from '../../src/field/thread-priority.js';
import { ROOT, tempDir } from '../helpers.js';

// Linux's scheduling policy of SCHED_IDLE (sched.h), as /proc shows it.
const SCHED_IDLE = 5;
const WORKER = pathToFileURL(path.join(ROOT, 'dist/field/read-worker.js'));

/** A task's policy and nice value from /proc/<pid>/task/<tid>/stat (fields 41 and 19; the name in field 2 may hold spaces). */
function schedulingOf(stat: string): { policy: number; nice: number } {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { policy: Number(fields[41 - 3]), nice: Number(fields[19 - 3]) };
}

/** The threads of this process under SCHED_IDLE. */
const idleThreads = () =>
  readdirSync('/proc/self/task').filter((tid) => {
    try {
      return schedulingOf(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8')).policy === SCHED_IDLE;
    } catch {
      return false; // the thread ended meanwhile
    }
  });

/** Runs the shared code on a thread of its own; what it answered and the thread's scheduling after. */
function lowerOnAThread(nice: number, idle: boolean): Promise<{ answer: string; policy: number; nice: number }> {
  const code = `
const { parentPort } = require('node:worker_threads');
const answer = (${LOWER_THREAD_PRIORITY_SOURCE})(require, ${nice}, ${idle});
parentPort.postMessage({ answer, stat: require('node:fs').readFileSync('/proc/thread-self/stat', 'utf8') });`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true });
    worker.once('message', ({ answer, stat }) => resolve({ answer, ...schedulingOf(stat) }));
    worker.once('error', reject);
  });
}

describe('lowering a thread’s priority', () => {
  it('moves the calling thread alone to SCHED_IDLE, or to a nice value when asked for that', async () => {
    const main = schedulingOf(readFileSync('/proc/thread-self/stat', 'utf8'));
    expect(await lowerOnAThread(10, true)).toEqual({ answer: 'idle', policy: SCHED_IDLE, nice: 10 });
    expect(await lowerOnAThread(7, false)).toEqual({ answer: 'nice', policy: 0, nice: 7 });
    expect(schedulingOf(readFileSync('/proc/thread-self/stat', 'utf8'))).toEqual(main);
  });

  it('puts reads on SCHED_IDLE: the store’s reader, the collector’s read thread and its reader, not the thread that answers beacons', async () => {
    const file = path.join(tempDir(), 'field.db');
    const earlier = idleThreads();
    const store = openSqliteStore(file);
    const reads = startReadThread({ kind: 'sqlite', file }, { workerFile: WORKER });
    try {
      await store.insert([
        {
          metricId: 'v5-idle-1',
          name: 'LCP',
          value: 1800,
          delta: 1800,
          rating: 'good',
          navigationType: 'navigate',
          page: '/',
          release: null,
          device: 'mobile',
          browser: 'Chrome',
          connection: null,
          receivedAt: Date.now(),
        },
      ]);
      // The store reads on a thread of its own (openSqliteStore's reader); the collector's read thread starts at its first read.
      expect((await store.summary({})).length).toBeGreaterThan(0);
      const storeReader = idleThreads().filter((tid) => !earlier.includes(tid));
      expect(storeReader).toHaveLength(1);
      expect((await reads.summary({})).length).toBeGreaterThan(0);
      const collectorReads = idleThreads().filter((tid) => !earlier.includes(tid) && !storeReader.includes(tid));
      expect(collectorReads).toHaveLength(2);
      expect(idleThreads()).not.toContain(readFileSync('/proc/thread-self/stat', 'utf8').split(' ')[0]);
    } finally {
      await reads.close();
      await store.close();
    }
  });
});
