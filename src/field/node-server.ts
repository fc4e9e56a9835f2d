import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CollectorHandler } from './handler.js';

/** A running collector server. */
export interface RunningCollector {
  url: string;
  /** Stops accepting connections, waits for requests in flight, then resolves. */
  close(): Promise<void>;
}

/** Declared bodies up to this size are read from the socket at once (beacons are far smaller). */
const READ_AT_ONCE = 64 * 1024;

/** Largest rest of a rejected body read and thrown away before the connection is dropped. */
const DISCARD_LIMIT = 1024 * 1024;

/** Reads and throws away what the client still sends, so it gets the response instead of a reset; drops a flood. */
function discard(req: http.IncomingMessage): void {
  if (req.complete || req.destroyed) return;
  let dropped = 0;
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > DISCARD_LIMIT) req.destroy();
  });
  req.resume();
}

/** The request body as a web stream; cancelling it discards the rest instead of resetting the connection. */
function bodyStream(req: http.IncomingMessage): ReadableStream<Uint8Array> {
  let cancelled = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      req.on('data', (chunk: Buffer) => cancelled || controller.enqueue(new Uint8Array(chunk)));
      req.on('end', () => cancelled || controller.close());
      req.on('error', (error) => cancelled || controller.error(error));
    },
    cancel() {
      cancelled = true;
      discard(req);
    },
  });
}

/** A body that declares its length (what sendBeacon sends), read from the socket: cheaper than a web stream. Null above the limit. */
function readDeclared(req: http.IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limit ? null : Buffer.concat(chunks, size)));
    req.on('error', reject);
  });
}

/** A thin node:http adapter around the web-standard handler. */
export async function serveCollector(handler: CollectorHandler, options: { port: number; host: string }): Promise<RunningCollector> {
  let inFlight = 0;
  let drained: (() => void) | null = null;
  const server = http.createServer(async (req, res) => {
    inFlight++;
    try {
      const url = `http://${req.headers.host ?? `${options.host}:${options.port}`}${req.url ?? '/'}`;
      const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
      const declared = Number(req.headers['content-length']);
      // A small declared body is read here; a large or undeclared one streams, so the handler can refuse it early.
      const body = !hasBody ? undefined : Number.isFinite(declared) && declared <= READ_AT_ONCE ? await readDeclared(req, READ_AT_ONCE) : bodyStream(req);
      const request = new Request(url, {
        method: req.method,
        headers: Object.entries(req.headers).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x] as [string, string]) : v === undefined ? [] : [[k, v] as [string, string]])),
        body,
        duplex: 'half',
      } as RequestInit);
      const response = await handler(request, { clientAddress: req.socket.remoteAddress });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
      discard(req);
    } catch {
      if (!res.headersSent) res.writeHead(400);
      res.end();
    } finally {
      inFlight--;
      if (inFlight === 0) drained?.();
    }
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(options.port, options.host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve));
      server.closeAllConnections();
      await closed;
    },
  };
}
