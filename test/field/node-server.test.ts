import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCollector, type CollectorHandler } from '../../src/field/handler.js';
import { serveCollector, type RunningCollector } from '../../src/field/node-server.js';
import { openSqliteStore } from '../../src/field/sqlite-store.js';
import type { FieldStore } from '../../src/field/store.js';
import { tempDir } from '../helpers.js';
import { beacon, CHROME_UA } from './beacons.js';

/** A body sent without Content-Length (chunked), in pieces. */
const chunked = (text: string, pieces = 4) => {
  const bytes = new TextEncoder().encode(text);
  const size = Math.ceil(bytes.length / pieces);
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < bytes.length; i += size) controller.enqueue(bytes.slice(i, i + size));
      controller.close();
    },
  });
};

interface Case {
  name: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: () => string | ReadableStream<Uint8Array>;
  status: number;
}

const big = 'x'.repeat(70 * 1024);
const CASES: Case[] = [
  { name: 'a beacon with Content-Length', method: 'POST', path: '/rum', body: () => JSON.stringify(beacon()), status: 202 },
  { name: 'a chunked beacon (no Content-Length)', method: 'POST', path: '/rum', body: () => chunked(JSON.stringify(beacon())), status: 202 },
  { name: 'a declared body above 64 KiB', method: 'POST', path: '/rum', body: () => big, status: 413 },
  { name: 'a chunked body above 64 KiB', method: 'POST', path: '/rum', body: () => chunked(big, 40), status: 413 },
  {
    name: 'an origin outside the allow-list, body unread',
    method: 'POST',
    path: '/rum',
    headers: { origin: 'https://evil.example' },
    body: () => JSON.stringify(beacon()),
    status: 403,
  },
  { name: 'a preflight from an allowed origin', method: 'OPTIONS', path: '/rum', headers: { origin: 'https://shop.example.com' }, status: 204 },
  {
    name: 'a headless browser',
    method: 'POST',
    path: '/rum',
    headers: { 'user-agent': 'Mozilla/5.0 HeadlessChrome/130.0.0.0' },
    body: () => JSON.stringify(beacon()),
    status: 204,
  },
  { name: 'GET /rum', method: 'GET', path: '/rum', status: 405 },
  { name: 'the summary without a token', method: 'GET', path: '/api/summary', status: 401 },
  { name: 'the summary with a token', method: 'GET', path: '/api/summary', headers: { authorization: 'Bearer r3ad' }, status: 200 },
  { name: 'an unknown path', method: 'GET', path: '/nope', status: 404 },
];

describe('serveCollector: the node:http adapter answers as the web handler does', () => {
  let store: FieldStore;
  let handler: CollectorHandler;
  let server: RunningCollector;
  beforeAll(async () => {
    store = openSqliteStore(path.join(tempDir(), 'field.db'));
    handler = createCollector({ store, rateLimit: 0, readToken: 'r3ad', allowOrigins: ['https://shop.example.com'] });
    server = await serveCollector(handler, { port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await server.close();
    await store.close();
  });

  it.each(CASES)('$name: $status over the socket and from the handler', async ({ method, path: route, headers = {}, body, status }) => {
    const init = (): RequestInit => {
      const payload = body?.();
      return {
        method,
        headers: { 'content-type': 'text/plain;charset=UTF-8', 'user-agent': CHROME_UA, origin: 'https://shop.example.com', ...headers },
        body: payload,
        ...(payload instanceof ReadableStream ? { duplex: 'half' } : {}),
      } as RequestInit;
    };
    const overSocket = await fetch(`${server.url}${route}`, init());
    const direct = await handler(new Request(`${server.url}${route}`, init()));
    expect(overSocket.status).toBe(status);
    expect(direct.status).toBe(status);
    expect(await overSocket.text()).toBe(await direct.text());
    for (const name of ['content-type', 'access-control-allow-origin', 'allow', 'access-control-allow-methods'])
      expect(overSocket.headers.get(name)).toBe(direct.headers.get(name));
  });

  it('keeps the connection usable after refusing a large body', async () => {
    expect(
      (await fetch(`${server.url}/rum`, { method: 'POST', body: big, headers: { 'content-type': 'text/plain', origin: 'https://shop.example.com' } })).status,
    ).toBe(413);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('stored exactly the beacons it accepted', async () => {
    // Each 202 case ran twice (socket and handler), each beacon holding three metrics.
    expect(await store.count()).toBe(2 * 2 * 3);
  });
});
