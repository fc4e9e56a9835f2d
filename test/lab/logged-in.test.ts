import { mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lhciConfig } from '../../src/lhci/config.js';
import { ROOT, runCli, runLhci, runMain, tempDir, writeJson } from '../helpers.js';
import { readResults } from '../results-schema.js';

// A site with an account page that only a session cookie and an API key header open: without them
// it redirects to its login page, as real sites do. perfgate must measure the account page itself,
// say REDIRECTED when the login is wrong, and never write the secrets anywhere.
const SESSION = 'sess-7f3a9c2e41d8b6';
const API_KEY = 'key-93be1d7c5a20f4';
const FORM_SESSION = 'form-4c1e8a77d2b90f';

function site() {
  const seen: Array<{ path: string; cookie: string; key: string }> = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    seen.push({ path: url.pathname, cookie: req.headers.cookie ?? '', key: String(req.headers['x-api-key'] ?? '') });
    const page = (title: string) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        `<!doctype html><html lang="en"><head><title>${title}</title><meta name="viewport" content="width=device-width"></head><body><h1>${title}</h1><p>${'text '.repeat(50)}</p></body></html>`,
      );
    };
    if (url.pathname === '/account/') {
      if (req.headers.cookie?.includes(`session=${SESSION}`) && req.headers['x-api-key'] === API_KEY) return page('ACCOUNT-OK');
      res.writeHead(302, { location: '/login/' });
      return res.end();
    }
    // A form login: the right password sets a session cookie of its own; the account page then needs only it.
    if (url.pathname === '/login/' && req.method === 'POST') {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        const form = new URLSearchParams(body);
        const ok = form.get('user') === 'alice' && form.get('password') === 'pa55';
        res.writeHead(303, ok ? { 'set-cookie': `form-session=${FORM_SESSION}; Path=/; HttpOnly`, location: '/members/' } : { location: '/login/?failed' });
        res.end();
      });
      return;
    }
    if (url.pathname === '/members/') {
      if (req.headers.cookie?.includes(`form-session=${FORM_SESSION}`)) return page('MEMBERS-OK');
      res.writeHead(302, { location: '/login/' });
      return res.end();
    }
    if (url.pathname === '/login/') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end(
        '<!doctype html><title>LOGIN-PAGE</title><form method="post" action="/login/"><input name="user"><input name="password" type="password"><button>Log in</button></form>',
      );
    }
    if (url.pathname === '/') return page('HOME');
    res.writeHead(404);
    res.end();
  });
  return { server, seen };
}

/** Every file under a folder, read as text. */
function everyFile(dir: string): Array<{ file: string; text: string }> {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => path.join(dir, name))
    .filter((file) => statSync(file).isFile())
    .map((file) => ({ file, text: readFileSync(file, 'utf8') }));
}

describe('pages behind a login: cookies and headers from the environment', () => {
  const { server, seen } = site();
  let base: string;
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server.close());

  const pagesFile = (dir: string) =>
    writeJson(dir, 'pages.json', {
      baseUrl: base,
      runs: 1,
      headers: { 'X-Api-Key': '${env:TEST_API_KEY}' },
      cookies: [{ name: 'session', value: '${env:TEST_SESSION}', httpOnly: true }],
      pages: [
        { name: 'home', path: '/' },
        { name: 'account', path: '/account/' },
      ],
    });
  const budgets = { budgets: [{ path: '/*', timings: { 'first-contentful-paint': { warn: 30000, error: 60000 } } }] };

  it('measures the logged-in page (cookie and header reach the server) and writes the secrets nowhere', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'out');
    const result = await runCli(['run', '--pages', pagesFile(dir), '--budgets', writeJson(dir, 'b.json', budgets), '--out', out], {
      env: { TEST_SESSION: SESSION, TEST_API_KEY: API_KEY },
    });
    expect(result.code, result.stderr).toBe(0);
    const results = readResults(out);
    expect(results.pages.map((p: { name: string; error: unknown }) => [p.name, p.error])).toEqual([
      ['home', null],
      ['account', null],
    ]);
    const account = JSON.parse(readFileSync(path.join(out, results.pages[1].reports.json), 'utf8'));
    expect(account.finalDisplayedUrl).toBe(`${base}/account/`);
    const requests = seen.filter((s) => s.path === '/account/');
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.every((s) => s.cookie.includes(`session=${SESSION}`) && s.key === API_KEY)).toBe(true);
    for (const { file, text } of everyFile(out)) {
      expect(text.includes(SESSION), file).toBe(false);
      expect(text.includes(API_KEY), file).toBe(false);
    }
    expect(`${result.stdout}${result.stderr}`).not.toContain(SESSION);
    expect(`${result.stdout}${result.stderr}`).not.toContain(API_KEY);
    expect(JSON.stringify(account.configSettings.extraHeaders)).toBe('{"X-Api-Key":"[secret]"}');
  }, 120_000);

  it('a wrong session ends on the login page: REDIRECTED naming both URLs, exit 3, and the other page still passes', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'out');
    const result = await runCli(['run', '--pages', pagesFile(dir), '--budgets', writeJson(dir, 'b.json', budgets), '--out', out], {
      env: { TEST_SESSION: 'wrong', TEST_API_KEY: API_KEY },
    });
    expect(result.code, result.stderr).toBe(3);
    const results = readResults(out);
    const [home, account] = results.pages;
    expect(home.error).toBeNull();
    expect(account.error.code).toBe('REDIRECTED');
    expect(account.error.message).toContain(`${base}/account/`);
    expect(account.error.message).toContain(`${base}/login/`);
    expect(account.retries).toEqual([]);
    expect(result.stdout).toContain('REDIRECTED');
  }, 120_000);

  it('exits 2 naming the variable when the environment lacks it', async () => {
    const dir = tempDir();
    const result = await runCli(['run', '--pages', pagesFile(dir), '--budgets', writeJson(dir, 'b.json', budgets)], { env: { TEST_API_KEY: API_KEY } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cookies[0].value: reads ${env:TEST_SESSION}, but TEST_SESSION is not set');
  });
});

describe('a login setup module', () => {
  const { server, seen } = site();
  let base: string;
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server.close());
  const budgets = { budgets: [{ path: '/*', timings: { 'first-contentful-paint': { warn: 30000, error: 60000 } } }] };
  const login = (password: string) => `export default async function ({ page, baseUrl, env }) {
  await page.goto(baseUrl + '/login/');
  await page.type('input[name=user]', env.TEST_USER);
  await page.type('input[name=password]', '${password}');
  await Promise.all([page.waitForNavigation(), page.click('button')]);
  await page.evaluate(() => localStorage.setItem('token', 'local-9d1f'));
}
`;
  const run = async (setup: string, fileName = 'login.mjs') => {
    const dir = tempDir();
    writeFileSync(path.join(dir, fileName), setup);
    const pages = writeJson(dir, 'pages.json', {
      baseUrl: base,
      runs: 2,
      setup: `./${fileName}`,
      pages: [
        { name: 'home', path: '/', setup: false },
        { name: 'members', path: '/members/' },
      ],
    });
    const out = path.join(dir, 'out');
    const result = await runCli(['run', '--pages', pages, '--budgets', writeJson(dir, 'b.json', budgets), '--out', out], { env: { TEST_USER: 'alice' } });
    return { result, out };
  };

  it('logs in once, unmeasured, and every run of the page starts with its session; the session appears in no output', async () => {
    const { result, out } = await run(login('pa55'));
    expect(result.code, result.stderr).toBe(0);
    const results = readResults(out);
    const members = results.pages.find((p: { name: string }) => p.name === 'members');
    expect(members.error).toBeNull();
    expect(members.measuredRuns).toBe(2);
    const report = JSON.parse(readFileSync(path.join(out, members.reports.json), 'utf8'));
    expect(report.finalDisplayedUrl).toBe(`${base}/members/`);
    for (const { file, text } of everyFile(out)) {
      expect(text.includes(FORM_SESSION), file).toBe(false);
      expect(text.includes('local-9d1f'), file).toBe(false);
    }
  }, 120_000);

  it('a wrong password ends on the login page: REDIRECTED, exit 3, and the page without setup passes', async () => {
    const { result, out } = await run(login('wrong'));
    expect(result.code, result.stderr).toBe(3);
    const [home, members] = readResults(out).pages;
    expect(home.error).toBeNull();
    expect(members.error.code).toBe('REDIRECTED');
  }, 120_000);

  it('a setup that throws is SETUP_FAILED with its message for the pages that need it', async () => {
    const { result, out } = await run("export default async function () { throw new Error('the login form moved'); }\n");
    expect(result.code, result.stderr).toBe(3);
    const [home, members] = readResults(out).pages;
    expect(home.error).toBeNull();
    expect(members.error).toMatchObject({ code: 'SETUP_FAILED' });
    expect(members.error.message).toContain('the login form moved');
  }, 120_000);

  it.each([
    ['exports no function', 'export const login = 1;\n', 'login.mjs', 'exports no function'],
    ['is CommonJS', 'module.exports = async function ({ page, baseUrl }) { await page.goto(baseUrl + "/"); };\n', 'login.cjs', null],
  ])(
    'a module that %s',
    async (_, source, fileName, message) => {
      const { result } = await run(source, fileName);
      if (message === null) expect(result.code, result.stderr).toBe(3);
      else {
        expect(result.code).toBe(2);
        expect(result.stderr).toContain(fileName);
        expect(result.stderr).toContain(message);
      }
    },
    120_000,
  );

  it('lhci autorun with the generated lighthouserc runs the same login: it measures the logged-in page, and the page without setup logged out', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'login.mjs'), login('pa55'));
    writeJson(dir, 'pages.json', {
      baseUrl: base,
      runs: 1,
      setup: './login.mjs',
      pages: [
        { name: 'members', path: '/members/' },
        { name: 'home', path: '/', setup: false },
      ],
    });
    writeJson(dir, 'budgets.json', budgets);
    const env = { TEST_USER: 'alice', CHROME_PATH: '/usr/bin/chromium' };
    const rc = writeJson(dir, 'lighthouserc.json', lhciConfig({ cwd: dir, env }));
    seen.length = 0;
    const lhci = await runLhci(['autorun', `--config=${rc}`], dir, env);
    expect(lhci.code, lhci.output).toBe(0);
    const reports = readdirSync(path.join(dir, '.lighthouseci'))
      .filter((name) => /^lhr-.*\.json$/.test(name))
      .map((name) => JSON.parse(readFileSync(path.join(dir, '.lighthouseci', name), 'utf8')));
    const members = reports.find((r) => r.requestedUrl === `${base}/members/`);
    expect(members?.finalDisplayedUrl).toBe(`${base}/members/`);
    expect(JSON.stringify(members)).toContain('MEMBERS-OK');
    expect(JSON.stringify(members)).not.toContain('LOGIN-PAGE');
    // The login's session cookie went with the measured load of /members/, and not with the load of / after it.
    const loads = seen.filter((s) => s.path === '/members/' || s.path === '/');
    expect(loads.filter((s) => s.path === '/members/').every((s) => s.cookie.includes(`form-session=${FORM_SESSION}`))).toBe(true);
    expect(loads.filter((s) => s.path === '/').every((s) => !s.cookie.includes('form-session'))).toBe(true);
  }, 180_000);

  it('a Lighthouse CI puppeteerScript that perfgate init imports logs in for perfgate run: the logged-in page is measured', async () => {
    const dir = tempDir();
    // Installed as a project has it, so that the setup init writes finds perfgate/lhci.
    mkdirSync(path.join(dir, 'node_modules'));
    symlinkSync(ROOT, path.join(dir, 'node_modules/perfgate'));
    mkdirSync(path.join(dir, 'ci'));
    // Written as Lighthouse CI users write it: a page of the browser's own, closed at the end.
    writeFileSync(
      path.join(dir, 'ci/login.js'),
      `module.exports = async (browser, context) => {
  const page = await browser.newPage();
  await page.goto(new URL('/login/', context.url).href);
  await page.type('input[name=user]', process.env.TEST_USER);
  await page.type('input[name=password]', 'pa55');
  await Promise.all([page.waitForNavigation(), page.click('button')]);
  await page.evaluate(() => localStorage.setItem('token', 'local-9d1f'));
  await page.close();
};
`,
    );
    writeJson(dir, 'lighthouserc.json', {
      ci: {
        collect: { url: [`${base}/members/`], puppeteerScript: './ci/login.js' },
        assert: { assertions: { 'first-contentful-paint': ['error', { maxNumericValue: 60000 }] } },
      },
    });
    const init = await runMain(['init', '--no-workflow'], { cwd: dir });
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain("wrote  perfgate-setup.cjs (Lighthouse CI's puppeteerScript ./ci/login.js as the login of every page)");
    const out = path.join(dir, 'out');
    const run = await runCli(['run', '--pages', path.join(dir, 'pages.json'), '--budgets', path.join(dir, 'budgets.json'), '--out', out, '--runs', '1'], {
      env: { TEST_USER: 'alice' },
    });
    expect(run.code, run.stderr).toBe(0);
    const [members] = readResults(out).pages;
    expect(members.error).toBeNull();
    const report = JSON.parse(readFileSync(path.join(out, members.reports.json), 'utf8'));
    expect(report.finalDisplayedUrl).toBe(`${base}/members/`);
    expect(JSON.stringify(report)).toContain('MEMBERS-OK');
    // What the login left in storage appears in no output.
    for (const { file, text } of everyFile(out)) expect(text.includes('local-9d1f'), file).toBe(false);
  }, 120_000);

  it('a setup file that does not exist is exit 2 naming the key', async () => {
    const dir = tempDir();
    const pages = writeJson(dir, 'pages.json', { baseUrl: base, setup: './nope.mjs', pages: [{ name: 'a', path: '/' }] });
    const result = await runCli(['run', '--pages', pages, '--budgets', writeJson(dir, 'b.json', budgets)]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('setup: "./nope.mjs" does not exist');
  });
});
