import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pagesNotInBase } from '../../src/lab/pages-not-in-base.js';

/** Two sites on loopback: paths answer with the status the site's table gives them (200 when not listed). */
const STATUSES: Record<string, Record<string, number>> = {
  head: { '/gone/': 404 },
  base: { '/new/': 404, '/removed/': 410, '/gone/': 404, '/broken/': 500 },
};
const servers: http.Server[] = [];
const origins: Record<string, string> = {};
const seen: Array<{ url: string; header: string | undefined }> = [];

beforeAll(async () => {
  for (const side of Object.keys(STATUSES)) {
    const server = http.createServer((req, res) => {
      seen.push({ url: `${side}${req.url}`, header: req.headers['x-preview'] as string | undefined });
      res.writeHead(STATUSES[side]?.[req.url ?? ''] ?? 200, { 'content-type': 'text/html' });
      res.end('<h1>page</h1>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    origins[side] = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
});
afterAll(() => Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve)))));

const page = (name: string, at: string, headers?: Record<string, string>) => ({ name, url: `${origins.head}${at}`, baseUrl: `${origins.base}${at}`, headers });

describe('pagesNotInBase', () => {
  it('finds the pages whose base answers 404 or 410 while this build has them, and no other', async () => {
    const { notInBase, baseLacksAll } = await pagesNotInBase([
      page('home', '/'),
      page('new', '/new/', { 'x-preview': 'yes' }),
      page('removed', '/removed/'),
      // Gone on both builds: not new, broken; its runs report it.
      page('gone', '/gone/'),
      // A base that fails is not a base without the page.
      page('broken', '/broken/'),
      { name: 'off the site', url: 'http://127.0.0.1:9/', baseUrl: null },
    ]);
    expect(baseLacksAll).toBe(false);
    expect([...notInBase.entries()]).toEqual([
      ['new', { baseUrl: `${origins.base}/new/`, status: 404 }],
      ['removed', { baseUrl: `${origins.base}/removed/`, status: 410 }],
    ]);
    // The page's own headers go with the requests, as with its runs.
    expect(seen.filter((s) => s.url.endsWith('/new/'))).toEqual([
      { url: 'base/new/', header: 'yes' },
      { url: 'head/new/', header: 'yes' },
    ]);
    // Every page is asked of both builds alike (a first request that warms a server warms both).
    for (const at of ['/', '/removed/', '/gone/', '/broken/']) expect(seen.filter((s) => s.url === `base${at}` || s.url === `head${at}`).length, at).toBe(2);
  });

  it('takes no page for new when the base lacks every page: the base is the wrong folder', async () => {
    const { notInBase, baseLacksAll } = await pagesNotInBase([page('new', '/new/'), page('removed', '/removed/')]);
    expect(baseLacksAll).toBe(true);
    expect(notInBase.size).toBe(0);
  });

  it('in a shard that holds only new pages, judges "every page" among all the run’s pages: the base is not wrong', async () => {
    const all = [page('home', '/'), page('new', '/new/')];
    const { notInBase, baseLacksAll } = await pagesNotInBase([page('new', '/new/')], all);
    expect(baseLacksAll).toBe(false);
    expect([...notInBase.keys()]).toEqual(['new']);
    // The shard that holds the home page takes no other shard's page for its own.
    expect([...(await pagesNotInBase([page('home', '/')], all)).notInBase.keys()]).toEqual([]);
  });

  it('asks nothing when no page has a base', async () => {
    const before = seen.length;
    const { notInBase, baseLacksAll } = await pagesNotInBase([{ name: 'home', url: `${origins.head}/`, baseUrl: null }]);
    expect({ size: notInBase.size, baseLacksAll, asked: seen.length - before }).toEqual({ size: 0, baseLacksAll: false, asked: 0 });
  });
});
