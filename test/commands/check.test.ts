import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, EXAMPLE_DIST, EXPECTED_LIGHTHOUSE, LHR_A, ROOT, listenOnLoopback, runCli, tempDir, waitUntil, writeJson } from '../helpers.js';

/** `perfgate check` on the example's build, with the machine's Chromium and the installed Lighthouse: nothing is measured. */
describe('perfgate check', () => {
  const budgets = { budgets: [{ path: '/*', timings: { 'largest-contentful-paint': 4000 }, audits: { 'document-title': { minScore: 1 } } }] };

  it('says, one line each, that the files, Chrome, Lighthouse, the audit ids and every page are in place; exit 0, nothing measured', async () => {
    const dir = tempDir();
    writeJson(dir, 'pages.json', {
      staticDir: EXAMPLE_DIST,
      skipAudits: ['is-crawlable'],
      pages: [
        { name: 'home', path: '/' },
        { name: 'products', path: '/products/' },
      ],
    });
    writeJson(dir, 'budgets.json', budgets);
    const result = await runCli(['check'], { cwd: dir });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toBe(`✔ pages.json: 2 pages on the folder ${EXAMPLE_DIST}`);
    expect(lines[1]).toBe('✔ budgets.json: 1 budget');
    expect(lines[2]).toMatch(/^✔ Chrome: \/\S+ \(Chromium \d+\./);
    expect(lines[3]).toMatch(new RegExp(`^✔ Lighthouse ${EXPECTED_LIGHTHOUSE.replace(/\./g, '\\.')}: `));
    expect(lines[4]).toBe(`✔ audit ids: 2 named, each one of Lighthouse ${EXPECTED_LIGHTHOUSE}'s`);
    expect(lines[5]).toMatch(/^✔ home http:\/\/127\.0\.0\.1:\d+\/: answers 200$/);
    expect(lines[6]).toMatch(/^✔ products http:\/\/127\.0\.0\.1:\d+\/products\/: answers 200$/);
    expect(lines[7]).toBe('perfgate check: everything perfgate run needs is in place (nothing was measured)');
    expect(lines).toHaveLength(8);
    expect(existsSync(path.join(dir, '.perfgate')), 'no output folder: nothing was measured').toBe(false);
    // --page checks only the pages it names, as perfgate run --page measures only them.
    const one = await runCli(['check', '--page', 'products'], { cwd: dir });
    expect(one.code, one.stdout + one.stderr).toBe(0);
    expect(one.stdout).toContain(`✔ pages.json: 1 page on the folder ${EXAMPLE_DIST}\n`);
    expect(one.stdout).toMatch(/✔ products http:\/\/127\.0\.0\.1:\d+\/products\/: answers 200\n/);
    expect(one.stdout).not.toContain('✔ home');
    // --url checks other paths with pages.json's settings, as perfgate run --url measures them.
    const other = await runCli(['check', '--url', '/slow/'], { cwd: dir });
    expect(other.code, other.stdout + other.stderr).toBe(0);
    expect(other.stdout).toContain(`✔ --url with pages.json's settings: 1 page on the folder ${EXAMPLE_DIST}\n`);
    expect(other.stdout).toMatch(/✔ \/slow\/ http:\/\/127\.0\.0\.1:\d+\/slow\/: answers 200\n/);
    expect(other.stdout).not.toContain('painted nothing');
    // A page that paints nothing answers 200, and is named: perfgate run could only report it as NO_FCP.
    const blank = await runCli(['check', '--url', '/never-paints/'], { cwd: dir });
    expect(blank.code, blank.stdout + blank.stderr).toBe(0);
    expect(blank.stdout).toMatch(
      /✔ \/never-paints\/ http:\/\/127\.0\.0\.1:\d+\/never-paints\/: answers 200\n! \/never-paints\/ http:\/\/127\.0\.0\.1:\d+\/never-paints\/: painted nothing within 3 s of its load event: a page that paints nothing at all \(no text, no image\) is one Lighthouse cannot measure, and perfgate run reports it as NO_FCP\n/,
    );
  }, 60_000);

  it('a page that answers an error status is exit 3, named with its answer; the other pages are still checked, with their cookies', async () => {
    // A site whose /account/ answers 401 unless the request carries the session cookie pages.json gives it.
    const server = http.createServer((req, res) => {
      const known = req.url === '/' || req.url === '/account/';
      const allowed = req.url !== '/account/' || /(?:^|; )session=letmein(?:;|$)/.test(req.headers.cookie ?? '');
      res.writeHead(!known ? 404 : allowed ? 200 : 401, { 'content-type': 'text/html' }).end('<title>x</title><p>x</p>');
    });
    const baseUrl = await listenOnLoopback(server);
    // A port that was free a moment ago, closed again.
    const closed = http.createServer();
    const down = await listenOnLoopback(closed);
    await new Promise((resolve) => closed.close(resolve));
    // A server that takes the request and never answers.
    let silentRequests = 0;
    const silent = http.createServer(() => {
      silentRequests++;
    });
    const mute = await listenOnLoopback(silent);
    const dir = tempDir();
    try {
      writeJson(dir, 'pages.json', {
        baseUrl,
        pages: [
          { name: 'gone', path: '/no-such-page/' },
          { name: 'home', path: '/' },
          { name: 'account', path: '/account/', cookies: [{ name: 'session', value: 'letmein' }] },
          { name: 'locked', path: '/account/' },
          // Nothing listens there: said so at once, not after a wait.
          { name: 'down', url: `${down}/` },
          { name: 'mute', url: `${mute}/` },
        ],
      });
      const result = await runCli(['check'], { cwd: dir });
      expect(result.code, result.stdout + result.stderr).toBe(3);
      expect(result.stdout).toContain('✔ no budgets.json: pages are measured without budgets');
      expect(result.stdout).toContain(
        [
          `✖ gone ${baseUrl}/no-such-page/: answers 404`,
          `✔ home ${baseUrl}/: answers 200`,
          `✔ account ${baseUrl}/account/: answers 200`,
          `✖ locked ${baseUrl}/account/: answers 401`,
        ].join('\n'),
      );
      // Chrome's own net error, with what to do about it.
      expect(result.stdout).toContain(
        `✖ down ${down}/: Chrome could not load it (net::ERR_CONNECTION_REFUSED): nothing listens at ${new URL(down).host}. Start the site before perfgate`,
      );
      // Asked once, in Chrome: not again with a plain request that waits as long once more.
      expect(result.stdout).toContain(`✖ mute ${mute}/: no answer within 10 s\n`);
      expect(silentRequests).toBe(1);
      expect(result.stdout).toContain('perfgate check: a page cannot be measured before perfgate run (nothing was measured)');
    } finally {
      server.close();
      silent.closeAllConnections();
      silent.close();
    }
  }, 60_000);

  it('loads a few pages at once, and prints their lines in pages.json’s order', async () => {
    // Each page answers after 500 ms: the pages asked at the same moment are counted.
    let inFlight = 0;
    let most = 0;
    const server = http.createServer((req, res) => {
      if (!req.url?.startsWith('/p')) return res.writeHead(404).end();
      most = Math.max(most, ++inFlight);
      setTimeout(() => {
        inFlight--;
        res.writeHead(200, { 'content-type': 'text/html' }).end('<title>x</title><p>x</p>');
      }, 500);
    });
    const baseUrl = await listenOnLoopback(server);
    const dir = tempDir();
    try {
      const names = ['one', 'two', 'three', 'four', 'five'];
      writeJson(dir, 'pages.json', { baseUrl, pages: names.map((name, i) => ({ name, path: `/p${i}/` })) });
      const result = await runCli(['check'], { cwd: dir });
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(result.stdout).toContain(names.map((name, i) => `✔ ${name} ${baseUrl}/p${i}/: answers 200`).join('\n'));
      expect(most).toBe(3);
    } finally {
      server.close();
    }
  }, 60_000);

  it('loads each page on the screen and with the user agent its runs emulate: a page drawn only for wide screens paints nothing on mobile', async () => {
    const agents: string[] = [];
    const server = http.createServer((req, res) => {
      agents.push(req.headers['user-agent'] ?? '');
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end(
          '<!doctype html><meta name="viewport" content="width=device-width"><style>@media (max-width: 600px) { body { display: none } }</style><p>Wide screens only</p>',
        );
    });
    const baseUrl = await listenOnLoopback(server);
    const dir = tempDir();
    try {
      writeJson(dir, 'pages.json', {
        baseUrl,
        pages: [
          { name: 'phone', path: '/wide/' },
          { name: 'laptop', path: '/wide/', formFactor: 'desktop' },
        ],
      });
      const result = await runCli(['check'], { cwd: dir });
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(result.stdout).toContain(`! phone ${baseUrl}/wide/: painted nothing within 3 s of its load event`);
      expect(result.stdout).not.toContain(`! laptop ${baseUrl}/wide/`);
      // Each with its form factor's user agent, as Lighthouse sends it.
      expect(agents.some((agent) => agent.includes('moto g power'))).toBe(true);
      expect(agents.some((agent) => agent.includes('Macintosh'))).toBe(true);
    } finally {
      server.close();
    }
  }, 60_000);

  it('a page that redirects elsewhere is exit 3, as perfgate run reports it REDIRECTED, unless the page allows it; a trailing-slash redirect passes', async () => {
    // /old/ sends visitors on to /; /shop adds the trailing slash, as static servers do; /cross/ leaves for another origin;
    // /scripted/ answers 200 and its script sends the visitor to / (as a client-side router does);
    // /busy/ answers 200 and its script never yields, so its load event never comes.
    // The other origin refuses a request that carries the first origin's cookie: credentials stay at home.
    const other = http.createServer((req, res) => {
      res.writeHead(req.headers.cookie ? 400 : 200, { 'content-type': 'text/html' }).end('<title>x</title><p>x</p>');
    });
    // The same server under another name: another origin to the browser and to fetch.
    const otherUrl = `${(await listenOnLoopback(other)).replace('127.0.0.1', 'localhost')}/`;
    const server = http.createServer((req, res) => {
      const to: Record<string, string> = { '/old/': '/', '/allowed/': '/', '/shop': '/shop/', '/cross/': otherUrl };
      if (req.url && to[req.url]) res.writeHead(req.url === '/shop' ? 301 : 302, { location: to[req.url] }).end();
      else if (req.url === '/scripted/') res.writeHead(200, { 'content-type': 'text/html' }).end("<title>x</title><script>location.replace('/')</script>");
      else if (req.url === '/busy/') res.writeHead(200, { 'content-type': 'text/html' }).end('<title>x</title><p>busy</p><script>for (;;) {}</script>');
      else res.writeHead(req.url === '/' || req.url === '/shop/' ? 200 : 404, { 'content-type': 'text/html' }).end('<title>x</title><p>x</p>');
    });
    const baseUrl = await listenOnLoopback(server);
    const dir = tempDir();
    try {
      writeJson(dir, 'pages.json', {
        baseUrl,
        pages: [
          { name: 'old', path: '/old/' },
          { name: 'allowed', path: '/allowed/', allowRedirect: true },
          { name: 'shop', path: '/shop' },
          { name: 'cross', path: '/cross/', allowRedirect: true, cookies: [{ name: 'session', value: 'letmein' }] },
          { name: 'scripted', path: '/scripted/' },
          { name: 'busy', path: '/busy/' },
        ],
      });
      // A budget for a flow pages.json does not have judges nothing: named, not failed.
      writeJson(dir, 'budgets.json', { budgets: [...budgets.budgets, { flow: 'checkout', timings: { 'total-blocking-time': 200 } }] });
      const result = await runCli(['check'], { cwd: dir });
      expect(result.code, result.stdout + result.stderr).toBe(3);
      expect(result.stdout).toContain(
        '✔ budgets.json: 2 budgets\n! budgets[1] (flow "checkout") names no user flow of pages.json (it has none), so it judges nothing\n',
      );
      expect(result.stdout).toContain(
        [
          `✖ old ${baseUrl}/old/: redirects to ${baseUrl}/, which perfgate run reports as REDIRECTED, measuring nothing`,
          `    fix: give the page's path as the one it ends at, or set "allowRedirect": true on the page if the redirect is expected`,
          `✔ allowed ${baseUrl}/allowed/: answers 200 at ${baseUrl}/`,
          `✔ shop ${baseUrl}/shop: answers 200`,
          `✔ cross ${baseUrl}/cross/: answers 200 at ${otherUrl}`,
          `✖ scripted ${baseUrl}/scripted/: redirects to ${baseUrl}/, which perfgate run reports as REDIRECTED, measuring nothing`,
          `    fix: give the page's path as the one it ends at, or set "allowRedirect": true on the page if the redirect is expected`,
          `✔ busy ${baseUrl}/busy/: answers 200`,
          `! busy ${baseUrl}/busy/: its load event did not come within 10 s: perfgate run waits for it up to the page's timeoutMs (45 s by default), and reports a page whose script never yields as RUN_TIMEOUT`,
        ].join('\n'),
      );
    } finally {
      server.close();
      other.close();
    }
  }, 60_000);

  it('runs each login setup in Chrome and loads the pages behind it with its session: a login that fails or lands elsewhere is exit 3', async () => {
    // The example's server: /account/ answers only with the session its login form sets, and sends everyone else to /login/.
    const port = 4800 + (process.pid % 100);
    const baseUrl = `http://127.0.0.1:${port}`;
    const server = spawn(process.execPath, [path.join(ROOT, 'example/server.mjs')], { env: { ...process.env, PORT: String(port) }, stdio: 'ignore' });
    const dir = tempDir();
    try {
      await waitUntil(async () => (await fetch(`${baseUrl}/`).catch(() => null))?.ok === true, 'the example server to answer');
      writeFileSync(
        path.join(dir, 'wrong-password.mjs'),
        `export default async function ({ page, baseUrl }) {
  await page.goto(baseUrl + '/login/');
  await page.type('#user', 'demo');
  await page.type('#password', 'not-the-password');
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
}
`,
      );
      writeFileSync(path.join(dir, 'throws.mjs'), "export default async function () { throw new Error('the login form has no #user field'); }\n");
      writeFileSync(path.join(dir, 'flow-login.mjs'), "export default async function () { throw new Error('the flow login has no account'); }\n");
      writeJson(dir, 'pages.json', {
        baseUrl,
        pages: [
          { name: 'account', path: '/account/', setup: path.join(ROOT, 'example/login.mjs') },
          { name: 'wrong', path: '/account/', setup: './wrong-password.mjs' },
          { name: 'broken', path: '/account/', setup: './throws.mjs' },
        ],
        // A flow's setup runs too (one the pages ran is not run again).
        flows: [
          { name: 'filter', module: path.join(ROOT, 'example/flows/filter-products.mjs'), setup: path.join(ROOT, 'example/login.mjs') },
          { name: 'filter behind its own login', module: path.join(ROOT, 'example/flows/filter-products.mjs'), setup: './flow-login.mjs' },
        ],
      });
      const result = await runCli(['check'], { cwd: dir });
      expect(result.code, result.stdout + result.stderr).toBe(3);
      // Each setup runs once, just before the first page behind it.
      expect(result.stdout).toContain(
        [
          `✔ login setup ${path.join(ROOT, 'example/login.mjs')}: ran, leaving 1 cookie`,
          `✔ account ${baseUrl}/account/: answers 200 after its login`,
          '✔ login setup wrong-password.mjs: ran, leaving 0 cookies',
          `✖ wrong ${baseUrl}/account/: redirects to ${baseUrl}/login/ after its login, which perfgate run reports as REDIRECTED, measuring nothing`,
          `    fix: make sure the login setup wrong-password.mjs logs in (perfgate run starts every run with the cookies and storage it leaves), or set "allowRedirect": true on the page if the redirect is expected`,
          `✖ the setup ${path.join(dir, 'throws.mjs')} failed: the login form has no #user field`,
          `✖ broken ${baseUrl}/account/: not asked, its login setup failed`,
          `✖ the setup ${path.join(dir, 'flow-login.mjs')} failed: the flow login has no account`,
          '✖ flow filter behind its own login: not measurable, its login setup failed',
        ].join('\n'),
      );
      expect(result.stdout.match(/login setup .*example\/login\.mjs: ran/g)).toHaveLength(1);
    } finally {
      server.kill('SIGTERM');
    }
  });

  it('side by side, asks each page on the base too: a page the base lacks is new, a base lacking every page is exit 3, an identical build is named', async () => {
    const dir = tempDir();
    writeJson(dir, 'pages.json', {
      staticDir: EXAMPLE_DIST,
      pages: [
        { name: 'home', path: '/' },
        { name: 'products', path: '/products/' },
      ],
    });
    // The base's build before the pull request added the products page.
    const base = path.join(dir, 'base-dist');
    cpSync(EXAMPLE_DIST, base, { recursive: true });
    rmSync(path.join(base, 'products'), { recursive: true });
    const older = await runCli(['check', '--base-dir', 'base-dist'], { cwd: dir });
    expect(older.code, older.stdout + older.stderr).toBe(0);
    expect(older.stdout).toContain('✔ base: the folder base-dist, measured side by side\n');
    expect(older.stdout).toMatch(/✔ home \(base\) http:\/\/127\.0\.0\.1:\d+\/: answers 200\n/);
    expect(older.stdout).toMatch(/✔ products \(base\) http:\/\/127\.0\.0\.1:\d+\/products\/: answers 404, new in this pull request: measured without a base\n/);

    // A folder that is not the built site: none of the pages is there.
    const wrong = path.join(dir, 'src');
    mkdirSync(wrong);
    writeFileSync(path.join(wrong, 'main.ts'), 'export {};\n');
    const lacking = await runCli(['check', '--base-dir', 'src'], { cwd: dir });
    expect(lacking.code, lacking.stdout + lacking.stderr).toBe(3);
    expect(lacking.stdout).toContain(
      `✖ the base's build (--base-dir ${wrong}) has none of the pages (each answers 404): is it the base commit's built site? perfgate run would report each page's base as an error\n`,
    );

    const same = path.join(dir, 'same-dist');
    cpSync(EXAMPLE_DIST, same, { recursive: true });
    const identical = await runCli(['check', '--base-dir', 'same-dist'], { cwd: dir });
    expect(identical.code, identical.stdout + identical.stderr).toBe(0);
    expect(identical.stdout).toMatch(/✔ base: the folder same-dist holds the same bytes as this build \(\d+ files\): perfgate run measures this build alone\n/);
    expect(identical.stdout).not.toContain('(base)');

    const noUrl = await runCli(['check', '--base-command', 'npm start'], { cwd: dir });
    expect(noUrl.code).toBe(2);
    expect(noUrl.stdout).toContain('✖ --base-command needs --base-url');
  }, 60_000);

  it('--base results.json: the stored results load, and what a run could not compare with them is named; a file that is none, or both kinds of base, is exit 2', async () => {
    const dir = tempDir();
    writeJson(dir, 'budgets.json', budgets);
    // Real stored results: perfgate assert on a real Lighthouse 12.0.0 report of a page named "/".
    const assert = await runCli(['assert', '--lhr', LHR_A, '--out', 'stored'], { cwd: dir });
    expect(existsSync(path.join(dir, 'stored', 'results.json')), assert.stdout + assert.stderr).toBe(true);
    writeJson(dir, 'pages.json', {
      staticDir: EXAMPLE_DIST,
      pages: [
        { name: '/', path: '/', formFactor: 'desktop' },
        { name: 'products', path: '/products/' },
      ],
    });
    const result = await runCli(['check', '--base', 'stored/results.json'], { cwd: dir });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /✔ base: stored\/results\.json, stored results made \d{4}-\d\d-\d\d \d\d:\d\d UTC \(1 result\): measured on another machine and run, so their changes carry its speed too \(--base-dir measures both side by side\)\n/,
    );
    expect(result.stdout).toContain(
      [
        `! base: measured with Lighthouse 12.0.0, this installation is ${EXPECTED_LIGHTHOUSE}: a version can change what a metric measures, so every change is shown but not judged`,
        '! base: has no results for products: measured without a base (pages are matched by name)',
        '! base: measured / (mobile there, desktop here): their changes are shown but not judged',
      ].join('\n'),
    );

    const missing = await runCli(['check', '--base', 'no-such/results.json'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stdout).toContain(`✖ ${path.join(dir, 'no-such/results.json')}: not found.`);
    const both = await runCli(['check', '--base', 'stored/results.json', '--base-dir', EXAMPLE_DIST], { cwd: dir });
    expect(both.code).toBe(2);
    expect(both.stdout).toContain(
      '✖ --base (stored results) and --base-dir / --base-url / --base-command (side by side) are two ways to get a base: give one.',
    );
  }, 60_000);

  it('configuration and installation problems are exit 2, each named as perfgate run names it, and every other check still runs', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'login.mjs'), 'export default async function () {}\n');
    writeJson(dir, 'pages.json', {
      staticDir: EXAMPLE_DIST,
      skipAudits: ['is-crawlabel'],
      pages: [
        { name: 'home', path: '/' },
        { name: 'account', path: '/account/', setup: './login.mjs' },
      ],
    });
    // One bundle budget finds its files, the other's glob matches none: as perfgate run, check names it (exit 2).
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'assets', 'app.js'), 'run();\n');
    writeJson(dir, 'budgets.json', {
      ...budgets,
      bundles: [
        { name: 'app', path: 'assets/*.js', error: '10 kB' },
        { name: 'styles', path: 'asset/*.css', error: '10 kB' },
      ],
    });
    const result = await runCli(['check'], { cwd: dir, env: { CHROME_PATH: path.join(dir, 'no-chrome') } });
    expect(result.stdout).toContain('✔ bundle app: 1 file\n');
    expect(result.stdout).toContain(
      `✖ ${path.join(dir, 'budgets.json')}: bundles[1].path: "asset/*.css" matches no file in ${dir}. Build the bundles first, or fix the glob.\n`,
    );
    expect(result.code, result.stdout + result.stderr).toBe(2);
    expect(result.stdout).toContain(`✖ CHROME_PATH is set to ${path.join(dir, 'no-chrome')}, which does not exist.`);
    expect(result.stdout).toContain(
      `✖ ${path.join(dir, 'pages.json')}: 1 problem:\n    skipAudits: Lighthouse ${EXPECTED_LIGHTHOUSE} has no audit "is-crawlabel"\n      fix: did you mean "is-crawlable"?\n`,
    );
    expect(result.stdout).toMatch(/✔ home http:\/\/127\.0\.0\.1:\d+\/: answers 200\n/);
    // Without Chrome the login cannot run: the page behind it is asked without it, its answer shown, not judged.
    expect(result.stdout).toMatch(/✔ account http:\/\/127\.0\.0\.1:\d+\/account\/: answers 200 without its login \(Chrome is needed to log in\)\n/);
    expect(result.stdout).not.toContain('login setup login.mjs: ran');
    expect(result.stdout).toContain('perfgate check: fix the problems above before perfgate run (nothing was measured)');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('a pages.json that does not load is named, budgets.json is still checked, and no site is started', async () => {
    const dir = tempDir();
    writeJson(dir, 'pages.json', { staticDir: EXAMPLE_DIST, page: [] });
    writeJson(dir, 'budgets.json', {
      budgets: [{ path: '/*', timings: { 'largest-contentful-paint': 4000 }, audits: { 'dom-size': { maxNumericValue: 1000 } } }],
    });
    const result = await runCli(['check'], { cwd: dir });
    expect(result.code, result.stdout + result.stderr).toBe(2);
    expect(result.stdout).toContain('✖ ');
    expect(result.stdout).toContain('unknown key "page"');
    expect(result.stdout).toContain('✔ budgets.json: 1 budget\n');
    expect(result.stdout).not.toContain('answers');
  });

  it('in a library (size-limit’s config, no pages.json): the bundles alone, as perfgate size measures them; no Lighthouse; nothing at all is exit 2', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'dist'));
    writeFileSync(path.join(dir, 'dist/index.js'), 'export const add = (a, b) => a + b;\n');
    writeJson(dir, 'package.json', { name: 'lib', 'size-limit': [{ path: 'dist/index.js', limit: '1 kB' }] });
    const result = await runCli(['check'], { cwd: dir });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout.trim().split('\n')).toEqual([
      '✔ package.json ("size-limit"): 0 budgets, 1 bundle budget',
      '✔ bundle dist/index.js: 1 file',
      '✔ no pages.json: the bundles alone, as perfgate size measures them (and the action, which runs it where there is no pages.json)',
      'perfgate check: everything perfgate size needs is in place (nothing was measured)',
    ]);
    // A time limit runs the bundle in Chrome: then Chrome is checked too.
    writeJson(dir, 'package.json', { name: 'lib', 'size-limit': [{ path: 'dist/index.js', limit: '1 s' }] });
    const timed = await runCli(['check'], { cwd: dir });
    expect(timed.code, timed.stdout + timed.stderr).toBe(0);
    expect(timed.stdout).toMatch(/^✔ Chrome: /m);
    expect(timed.stdout).not.toContain('Lighthouse');
    // perfgate run there says what measures the bundles alone.
    const run = await runCli(['run'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('pages.json: not found. npx perfgate init writes it');
    expect(run.stderr).toContain('(Only bundles to measure? npx perfgate size)');
    // Neither pages nor bundles: pages.json is missing, exit 2.
    const empty = await runCli(['check'], { cwd: tempDir() });
    expect(empty.code).toBe(2);
    expect(empty.stdout).toMatch(/^✖ .*pages\.json: not found/m);
  });

  it('goes on to its end when its reader stops reading (perfgate check | head -1): no crash, its own exit code', async () => {
    const dir = tempDir();
    writeJson(dir, 'pages.json', { staticDir: EXAMPLE_DIST, pages: [{ name: 'home', path: '/' }] });
    const child = spawn(process.execPath, [CLI, 'check'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // The first line read, the pipe is closed, as head closes it.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toContain('internal error');
    expect(code).toBe(0);
    expect(existsSync(path.join(dir, '.perfgate')), 'no crash log').toBe(false);
  });

  it('has --help with its exit codes, and answers to healthcheck as lhci does', async () => {
    const help = await runCli(['check', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('lhci healthcheck');
    expect(help.stdout).toContain('Exit codes: 0 everything is in place, 2 a configuration or installation problem, 3 a page cannot be measured');
    const alias = await runCli(['healthcheck', '--help']);
    expect(alias.stdout).toBe(help.stdout);
  });
});
