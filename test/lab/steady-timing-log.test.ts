import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { steadyTimingLog } from '../../src/lab/steady-timing-log.js';

interface Log {
  time: (status: { msg: string; id: string }, level?: string) => void;
  timeEnd: (status: { msg: string; id: string }, level?: string) => void;
  takeTimeEntries: () => PerformanceEntry[];
  getTimeEntries: () => PerformanceEntry[];
}

// The installed Lighthouse's own timing log (lighthouse-logger, as Lighthouse resolves it).
const lighthouseDir = path.dirname(createRequire(import.meta.url).resolve('lighthouse/package.json'));
const loggerFile = createRequire(path.join(lighthouseDir, 'package.json')).resolve('lighthouse-logger');

describe('steadyTimingLog', () => {
  it('lets a computation that outlived its run end its timing after the next run cleared the marks, where Lighthouse would throw', async () => {
    const log = ((await import(pathToFileURL(loggerFile).href)) as { default: Log }).default;
    const status = { msg: 'Computing artifact: TraceEngineResult', id: 'lh:computed:TraceEngineResult' };
    // As Lighthouse does: the computation starts, the next run takes the time entries (clearing every mark), then it ends.
    log.time(status, 'verbose');
    log.takeTimeEntries();
    expect(() => log.timeEnd(status)).toThrow(/performance mark has not been set/);

    expect(await steadyTimingLog(lighthouseDir)).toBe(true);
    log.time(status, 'verbose');
    log.takeTimeEntries();
    expect(() => log.timeEnd(status)).not.toThrow();
    // A timing whose mark is there is still recorded, and other errors are still thrown.
    log.time({ msg: 'a run', id: 'lh:test:run' }, 'verbose');
    log.timeEnd({ msg: 'a run', id: 'lh:test:run' });
    expect(log.getTimeEntries().map((e) => e.name)).toContain('lh:test:run');
    expect(() => log.timeEnd({ msg: 'no id', id: '' })).toThrow();
    // Asked again (every loadLighthouse asks), it wraps nothing twice.
    const wrapped = log.timeEnd;
    expect(await steadyTimingLog(lighthouseDir)).toBe(true);
    expect(log.timeEnd).toBe(wrapped);
  });

  it('says so and changes nothing for a folder without Lighthouse’s log', async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'perfgate-no-lighthouse-'));
    try {
      expect(await steadyTimingLog(empty)).toBe(false);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
