import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChrome } from '../../src/lab/find-chrome.js';
import { lighthouseConfig } from '../../src/lab/lighthouse-config.js';
import { createProgress } from '../../src/lab/progress.js';
import { runLab, type LabOutput } from '../../src/lab/runner.js';
import { TEST_LAB_SETTINGS, tempDir } from '../helpers.js';

// A page that replaces itself as soon as it loads: every load is a top-frame navigation, on which
// Lighthouse re-sends Target.setAutoAttach without awaiting it. When the run's time is up and its
// Chrome is closed, one of those calls is usually in flight; without telling Lighthouse the run is
// over, its rejection reached nobody (4 of 6 tries of one such page, measured before the fix).
describe('a run that times out while its page keeps navigating', () => {
  let loads = 0;
  const server = http.createServer((_req, res) => {
    loads++;
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<!doctype html><html lang="en"><title>t</title><p>again</p><script>location.replace('/loop/?' + Math.random())</script></html>`);
  });
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  let output: LabOutput;

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/loop/`;
    const config = lighthouseConfig('mobile', TEST_LAB_SETTINGS);
    output = await runLab({
      chromePath: findChrome(),
      pages: [
        { name: 'first', url, runs: 1, config },
        { name: 'second', url: `${url}?second`, runs: 1, config },
      ],
      outDir: tempDir(),
      progress: createProgress({ write: () => undefined }, 2),
      runTimeoutMs: 5_000,
    });
    // A rejection nobody handles is reported once the microtasks after Chrome's closing have run.
    await new Promise((resolve) => setTimeout(resolve, 500));
  }, 60_000);

  afterAll(() => {
    process.off('unhandledRejection', onUnhandled);
    server.close();
  });

  it('reports each page as RUN_TIMEOUT and leaves no protocol call of Lighthouse rejected with nobody listening', () => {
    expect(loads).toBeGreaterThan(20);
    expect(output.pages.map((page) => page.error?.code)).toEqual(['RUN_TIMEOUT', 'RUN_TIMEOUT']);
    expect(unhandled).toEqual([]);
  });
});
