import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, waitUntil } from './helpers.js';

// The demo's account page sits behind the example server's cookie login (example/login.mjs logs in).
describe('the example shop server', () => {
  const port = 4300 + (process.pid % 500);
  const base = `http://127.0.0.1:${port}`;
  let child: ChildProcess;
  beforeAll(async () => {
    child = spawn(process.execPath, [path.join(ROOT, 'example/server.mjs')], { env: { ...process.env, PORT: String(port) }, stdio: 'ignore' });
    await waitUntil(async () => (await fetch(`${base}/`).catch(() => null))?.ok === true, 'the example server to answer');
  });
  afterAll(() => {
    child.kill('SIGTERM');
  });

  const login = (password: string) =>
    fetch(`${base}/login/`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ user: 'demo', password }),
    });

  it('sends a visitor without a session from /account/ to the login page', async () => {
    const response = await fetch(`${base}/account/`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/login/');
  });

  it('a wrong password gets no session; the right one a session cookie that opens /account/', async () => {
    const wrong = await login('nope');
    expect(wrong.headers.get('location')).toBe('/login/?failed');
    expect(wrong.headers.get('set-cookie')).toBeNull();
    const right = await login('perfgate');
    expect(right.headers.get('location')).toBe('/account/');
    const cookie = (right.headers.get('set-cookie') ?? '').split(';')[0] as string;
    expect(cookie).toMatch(/^session=[a-f0-9]{32}$/);
    const account = await fetch(`${base}/account/`, { headers: { cookie }, redirect: 'manual' });
    expect(account.status).toBe(200);
    expect(await account.text()).toContain('Your account');
  });
});
