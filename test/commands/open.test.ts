import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { opener } from '../../src/commands/opener.js';
import { UserError } from '../../src/errors.js';
import { reportsToOpen } from '../../src/report/reports-to-open.js';
import type { PageResult } from '../../src/results.js';
import { listenOnLoopback, runMain, tempDir, userErrorOf, waitUntil } from '../helpers.js';

const page = (name: string, html: string | null, flow?: string) =>
  ({
    name,
    reports: html ? { json: html.replace('.html', '.json'), html } : null,
    ...(flow ? { flow: { name: flow, step: name, mode: 'navigation' } } : {}),
  }) as PageResult;

describe('perfgate open (as lhci open)', () => {
  it("opens each page's report and each flow's one report (its steps share it); --page chooses, and a name not there is named with the closest", () => {
    const results = {
      pages: [
        page('home', 'reports/home.report.html'),
        page('broken', null),
        page('checkout › open', 'reports/checkout.flow.html', 'checkout'),
        page('checkout › pay', 'reports/checkout.flow.html', 'checkout'),
      ],
    };
    expect(reportsToOpen(results, 'results.json')).toEqual([
      { name: 'home', html: 'reports/home.report.html' },
      { name: 'checkout', html: 'reports/checkout.flow.html' },
    ]);
    expect(reportsToOpen(results, 'results.json', ['checkout'])).toEqual([{ name: 'checkout', html: 'reports/checkout.flow.html' }]);
    expect(userErrorOf(() => reportsToOpen(results, 'results.json', ['hom']), UserError).message).toBe(
      '--page "hom": results.json has no page or user flow of that name\n  fix: did you mean "home"? its names are "home", "broken", "checkout"',
    );
  });

  it("uses $BROWSER when set, else the system's opener", () => {
    expect(opener('/r/a.html', { BROWSER: 'firefox' }, 'linux')).toEqual([{ command: 'firefox', args: ['/r/a.html'] }]);
    expect(opener('/r/a.html', {}, 'linux')).toEqual([{ command: 'xdg-open', args: ['/r/a.html'] }]);
    expect(opener('/r/a.html', { BROWSER: '' }, 'linux')).toEqual([{ command: 'xdg-open', args: ['/r/a.html'] }]);
    expect(opener('/r/a.html', {}, 'darwin')).toEqual([{ command: 'open', args: ['/r/a.html'] }]);
    expect(opener('C:\\r\\a.html', {}, 'win32')).toEqual([{ command: 'cmd', args: ['/c', 'start', '""', 'C:\\r\\a.html'] }]);
  });

  it('reads $BROWSER as a list of commands with their arguments, %s standing for the file', () => {
    expect(opener('/r/a.html', { BROWSER: 'firefox --new-tab:chromium' }, 'linux')).toEqual([
      { command: 'firefox', args: ['--new-tab', '/r/a.html'] },
      { command: 'chromium', args: ['/r/a.html'] },
    ]);
    expect(opener('/r/a.html', { BROWSER: `"/opt/My Browser/run" --open=%s --zoom=90%% 'a b'` }, 'linux')).toEqual([
      { command: '/opt/My Browser/run', args: ['--open=/r/a.html', '--zoom=90%', 'a b'] },
    ]);
    // Windows: entries are separated by ";", and a backslash is a path's, not an escape.
    expect(opener('C:\\r\\a.html', { BROWSER: '"C:\\Program Files\\Firefox\\firefox.exe" -new-tab;edge' }, 'win32')).toEqual([
      { command: 'C:\\Program Files\\Firefox\\firefox.exe', args: ['-new-tab', 'C:\\r\\a.html'] },
      { command: 'edge', args: ['C:\\r\\a.html'] },
    ]);
    // A quote left open: tried as one command, so that its failure names it.
    expect(opener('/r/a.html', { BROWSER: 'firefox "x' }, 'linux')).toEqual([{ command: 'firefox "x', args: ['/r/a.html'] }]);
  });

  it('opens the reports of a real run with the browser $BROWSER names; a browser that cannot start, or no run, is exit 2', async () => {
    const server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<title>shop</title><h1>Shop</h1>'));
    const origin = await listenOnLoopback(server);
    const dir = tempDir();
    try {
      const none = await runMain(['open'], { cwd: dir });
      expect(none.code).toBe(2);
      expect(none.stderr).toContain(`${path.join(dir, '.perfgate/results.json')}: not found.`);

      const run = await runMain(['run', '--url', `${origin}/`, '--runs', '1'], { cwd: dir });
      expect(run.code, run.stderr).toBe(0);
      // A browser that writes down what it was asked to open.
      const browser = path.join(dir, 'browser.sh');
      writeFileSync(browser, `#!/bin/sh\necho "$@" >> ${path.join(dir, 'opened.txt')}\n`);
      chmodSync(browser, 0o755);
      const opened = await runMain(['open'], { cwd: dir, env: { ...process.env, BROWSER: browser } });
      expect(opened.code, opened.stderr).toBe(0);
      expect(opened.stdout).toBe('opened /: .perfgate/reports/page.report.html\n');
      await waitUntil(() => existsSync(path.join(dir, 'opened.txt')), 'the browser to be started');
      expect(readFileSync(path.join(dir, 'opened.txt'), 'utf8')).toBe(`${path.join(dir, '.perfgate/reports/page.report.html')}\n`);

      // A list: the first that starts opens the report, with its arguments.
      rmSync(path.join(dir, 'opened.txt'));
      const listed = await runMain(['open'], { cwd: dir, env: { ...process.env, BROWSER: `${path.join(dir, 'no-such-browser')}:${browser} --new-tab %s` } });
      expect(listed.code, listed.stderr).toBe(0);
      await waitUntil(() => existsSync(path.join(dir, 'opened.txt')), 'the second browser to be started');
      expect(readFileSync(path.join(dir, 'opened.txt'), 'utf8')).toBe(`--new-tab ${path.join(dir, '.perfgate/reports/page.report.html')}\n`);

      const missing = await runMain(['open'], { cwd: dir, env: { ...process.env, BROWSER: path.join(dir, 'no-such-browser') } });
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain(
        `could not start ${path.join(dir, 'no-such-browser')} (ENOENT) to open the report: open .perfgate/reports/page.report.html yourself`,
      );
    } finally {
      server.close();
    }
  }, 120_000);
});
