import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCollector } from '../../src/field/handler.js';
import { serveCollector, type RunningCollector } from '../../src/field/node-server.js';
import { openSqliteStore } from '../../src/field/sqlite-store.js';
import type { FieldStore } from '../../src/field/store.js';
import { tempDir } from '../helpers.js';
import { beacon, CHROME_UA, metric } from './beacons.js';
import { prng } from './prng.js';

const INJECTIONS = ["'; DROP TABLE samples; --", '<script>alert(1)</script>', '" OR 1=1 --', '${7*7}', '../../etc/passwd', '\u0000'];

/** One malformed request body (and content type) of many kinds. */
function malformed(random: () => number, i: number): { body: string | Uint8Array; type: string } {
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)] as T;
  const valid = JSON.stringify(beacon());
  const mutate = (change: (m: Record<string, unknown>) => void) => {
    const b = beacon() as unknown as { metrics: Array<Record<string, unknown>> };
    change(b.metrics[0] as Record<string, unknown>);
    return JSON.stringify(b);
  };
  const kinds: Array<() => { body: string | Uint8Array; type: string }> = [
    () => ({ body: Uint8Array.from({ length: Math.floor(random() * 2000) }, () => Math.floor(random() * 256)), type: 'text/plain' }),
    () => ({ body: valid.slice(0, Math.floor(random() * (valid.length - 1))), type: 'text/plain' }),
    () => ({ body: mutate((m) => (m.value = pick([1e308, -1, 1e9, -1e9]))), type: 'text/plain' }),
    () => ({ body: valid.replace(/"value":[\d.]+/, `"value":${pick(['NaN', 'Infinity', '-Infinity', 'undefined'])}`), type: 'text/plain' }),
    () => ({ body: mutate((m) => (m.name = pick(['FID', 'lcp', 'TTI', '', ...INJECTIONS]))), type: 'application/json' }),
    () => ({ body: mutate((m) => (m.page = 'x'.repeat(201 + Math.floor(random() * 10000)))), type: 'text/plain' }),
    () => ({ body: mutate((m) => (m.id = pick(INJECTIONS))), type: 'text/plain' }),
    () => ({ body: mutate((m) => (m.rating = pick(INJECTIONS))), type: 'text/plain' }),
    () => ({ body: mutate((m) => (m.extra = pick(INJECTIONS))), type: 'text/plain' }),
    () => ({ body: mutate((m) => delete m[pick(['name', 'value', 'delta', 'id', 'rating', 'navigationType', 'page'])]), type: 'text/plain' }),
    () => ({ body: `{"v":1,"metrics":${'['.repeat(5000 + Math.floor(random() * 50000))}`, type: 'text/plain' }),
    () => ({ body: `{"v":1,"metrics":[${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}]}`, type: 'text/plain' }),
    () => ({ body: pick(['null', '[]', '1', '"rum"', '{}', 'true', '{"v":1}', '{"v":1,"metrics":{}}']), type: 'text/plain' }),
    () => ({ body: 'x'.repeat(65 * 1024 + Math.floor(random() * 100_000)), type: 'text/plain' }),
    () => ({ body: valid, type: pick(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/html', 'image/png']) }),
    () => ({ body: JSON.stringify({ ...beacon(), v: pick([0, 2, '1', null]) }), type: 'text/plain' }),
  ];
  return (kinds[i % kinds.length] as () => { body: string | Uint8Array; type: string })();
}

describe('fuzzing POST /rum over a real socket', () => {
  let store: FieldStore;
  let server: RunningCollector;
  beforeAll(async () => {
    store = openSqliteStore(path.join(tempDir(), 'field.db'));
    server = await serveCollector(createCollector({ store, rateLimit: 0, allowOrigins: ['https://shop.example.com'] }), { port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await server.close();
    await store.close();
  });

  it('answers every malformed body with a 4xx, stays up, stores nothing invalid, and keeps every valid beacon sent in between', async () => {
    const random = prng(20261122);
    const MALFORMED = 3000;
    const statuses = new Map<number, number>();
    const validIds: string[] = [];
    const validStatuses: number[] = [];
    const deadline = Date.now() + 60_000;
    let next = 0;
    const send = (body: string | Uint8Array, type: string) =>
      fetch(`${server.url}/rum`, {
        method: 'POST',
        body: body as BodyInit,
        headers: { 'content-type': type, 'user-agent': CHROME_UA, origin: 'https://shop.example.com' },
      }).then(async (r) => {
        await r.arrayBuffer();
        return r.status;
      });
    const worker = async () => {
      while (next < MALFORMED && Date.now() < deadline) {
        const i = next++;
        const { body, type } = malformed(random, i);
        const status = await send(body, type);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (i % 10 === 0) {
          const good = beacon([metric()]);
          validIds.push(good.metrics[0]!.id);
          validStatuses.push(await send(JSON.stringify(good), 'text/plain'));
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    expect(next).toBe(MALFORMED);
    const answered = [...statuses.entries()];
    expect(
      answered.every(([status]) => status >= 400 && status < 500),
      JSON.stringify(answered),
    ).toBe(true);
    expect(answered.reduce((sum, [, count]) => sum + count, 0)).toBe(MALFORMED);
    expect(validStatuses.every((s) => s === 202)).toBe(true);
    expect(await store.count()).toBe(validIds.length);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  }, 90_000);
});
