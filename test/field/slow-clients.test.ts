import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCollector, type CollectorHandler } from '../../src/field/handler.js';
import { serveCollector, type RunningCollector } from '../../src/field/node-server.js';
import { openSqliteStore } from '../../src/field/sqlite-store.js';
import type { FieldStore } from '../../src/field/store.js';
import { tempDir } from '../helpers.js';
import { beacon, CHROME_UA } from './beacons.js';

const LIMITS = { headersTimeoutMs: 1000, requestTimeoutMs: 1500, keepAliveTimeoutMs: 1000, maxConnections: 8, shutdownMs: 500 };

/** A raw socket that sends a POST's headers and then its body one byte every `everyMs`; resolves with what it read and when it closed. */
function slowBody(url: string, everyMs: number): { socket: net.Socket; done: Promise<{ text: string; ms: number }> } {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  const started = Date.now();
  let text = '';
  const body = JSON.stringify(beacon());
  socket.on('connect', () => {
    socket.write(
      `POST /rum HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: text/plain\r\nOrigin: ${url}\r\nUser-Agent: ${CHROME_UA}\r\nContent-Length: ${body.length}\r\n\r\n`,
    );
    let i = 0;
    const timer = setInterval(() => (socket.writable && i < body.length ? socket.write(body[i++]!) : clearInterval(timer)), everyMs);
    socket.on('close', () => clearInterval(timer));
  });
  socket.on('data', (d) => (text += d.toString()));
  socket.on('error', () => undefined);
  return { socket, done: new Promise((resolve) => socket.on('close', () => resolve({ text, ms: Date.now() - started }))) };
}

const send = (url: string) =>
  fetch(`${url}/rum`, { method: 'POST', body: JSON.stringify(beacon()), headers: { 'content-type': 'text/plain', 'user-agent': CHROME_UA, origin: url } });

describe('the node:http adapter against slow and greedy clients', () => {
  let store: FieldStore;
  let handler: CollectorHandler;
  let server: RunningCollector;
  beforeAll(async () => {
    store = openSqliteStore(path.join(tempDir(), 'field.db'));
    handler = createCollector({ store, rateLimit: 0, allowOrigins: ['*'] });
    server = await serveCollector(handler, { port: 0, host: '127.0.0.1', limits: LIMITS });
  });
  afterAll(async () => {
    await server.close();
    await store.close();
  });

  it('cuts off a body sent a byte at a time at the request timeout, while other clients are served', async () => {
    const slow = slowBody(server.url, 200);
    const started = Date.now();
    const answers = [];
    while (Date.now() - started < 1200) answers.push((await send(server.url)).status);
    expect(answers.length).toBeGreaterThan(5);
    expect(new Set(answers)).toEqual(new Set([202]));
    const { text, ms } = await slow.done;
    expect(text).toMatch(/^HTTP\/1.1 408/);
    expect(ms).toBeLessThan(LIMITS.requestTimeoutMs + 2000);
  });

  it('refuses connections past the cap, and takes new ones once others close', async () => {
    const open = await Promise.all(
      Array.from(
        { length: LIMITS.maxConnections },
        () =>
          new Promise<net.Socket>((resolve) => {
            const socket = net.connect(Number(new URL(server.url).port), '127.0.0.1', () => resolve(socket));
            socket.on('error', () => undefined);
          }),
      ),
    );
    const extra = net.connect(Number(new URL(server.url).port), '127.0.0.1');
    extra.on('error', () => undefined);
    const closed = await new Promise<boolean>((resolve) => {
      extra.on('close', () => resolve(true));
      setTimeout(() => resolve(false), 2000);
    });
    expect(closed).toBe(true);
    for (const socket of open) socket.destroy();
    let status = 0;
    for (let i = 0; i < 40 && status !== 202; i++) {
      status = (await send(server.url).catch(() => ({ status: 0 }))).status;
      if (status !== 202) await new Promise((r) => setTimeout(r, 50));
    }
    expect(status).toBe(202);
  });

  it('closes within its shutdown deadline even when a request never finishes', async () => {
    const own = openSqliteStore(path.join(tempDir(), 'field.db'));
    const ownHandler = createCollector({ store: own, rateLimit: 0, allowOrigins: ['*'] });
    const running = await serveCollector(ownHandler, { port: 0, host: '127.0.0.1', limits: { ...LIMITS, requestTimeoutMs: 60_000 } });
    const slow = slowBody(running.url, 1000);
    await new Promise((r) => setTimeout(r, 300));
    const started = Date.now();
    await running.close();
    expect(Date.now() - started).toBeLessThan(LIMITS.shutdownMs + 1000);
    await slow.done;
    await own.close();
  });
});
