import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CollectorRequest } from './exchange.js';
import type { CollectorHandler } from './handler.js';

/** A running collector server. */
export interface RunningCollector {
  url: string;
  /** Stops accepting connections, waits for requests in flight (at most `shutdownMs`), then resolves. */
  close(): Promise<void>;
}

/** Limits of the node:http adapter against slow or greedy clients. */
export interface ServerLimits {
  /** A request's headers must arrive within this (default 5000 ms). */
  headersTimeoutMs: number;
  /** A whole request, body included, must arrive within this (default 10000 ms): a body sent a byte a second is cut off. */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this (default 5000 ms). */
  keepAliveTimeoutMs: number;
  /** Open connections at most; more are refused at once (default 4096). */
  maxConnections: number;
  /** close() waits this long for requests in flight, then drops them (default 10000 ms). */
  shutdownMs: number;
}

export const DEFAULT_SERVER_LIMITS: ServerLimits = {
  headersTimeoutMs: 5000,
  requestTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5000,
  maxConnections: 4096,
  shutdownMs: 10_000,
};

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

/** Reads the body up to `limitBytes`; null when it is longer (declared or not), and the rest is discarded. */
function readBody(req: http.IncomingMessage, limitBytes: number): Promise<Uint8Array | null> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) {
    discard(req);
    return Promise.resolve(null);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', reject);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limitBytes) {
        chunks.push(chunk);
        return;
      }
      stop();
      discard(req);
      resolve(null);
    };
    const onEnd = () => {
      stop();
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    };
    req.on('data', onData).on('end', onEnd).on('error', reject);
  });
}

/** A node:http request as a collector exchange. */
function toExchange(req: http.IncomingMessage, fallbackHost: string): CollectorRequest {
  return {
    method: req.method ?? 'GET',
    url: new URL(req.url ?? '/', `http://${req.headers.host ?? fallbackHost}`),
    header: (name) => {
      const value = req.headers[name];
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
    },
    body: (limitBytes) => readBody(req, limitBytes),
    clientAddress: req.socket.remoteAddress,
  };
}

/**
 * A thin node:http adapter around the collector. It calls the handler's plain exchange rather than
 * its web Request/Response face: the same routes, at about twice the throughput.
 */
export async function serveCollector(
  handler: CollectorHandler,
  options: { port: number; host: string; limits?: Partial<ServerLimits> },
): Promise<RunningCollector> {
  const limits = { ...DEFAULT_SERVER_LIMITS, ...options.limits };
  let inFlight = 0;
  let drained: (() => void) | null = null;
  const hostPort = `${options.host.includes(':') ? `[${options.host}]` : options.host}:${options.port}`;
  const server = http.createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      // How often Node checks the two timeouts above (its default, 30 s, would let a slow body live that long).
      connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs, limits.requestTimeoutMs),
    },
    async (req, res) => {
      inFlight++;
      try {
        const reply = await handler.exchange(toExchange(req, hostPort));
        res.writeHead(reply.status, reply.headers);
        res.end(reply.body ?? undefined);
        discard(req);
      } catch {
        if (!res.headersSent) res.writeHead(400);
        res.end();
      } finally {
        inFlight--;
        if (inFlight === 0) drained?.();
      }
    },
  );
  server.maxConnections = limits.maxConnections;
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(options.port, options.host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      let deadline: ReturnType<typeof setTimeout> | undefined;
      if (inFlight > 0) {
        await new Promise<void>((resolve) => {
          drained = resolve;
          deadline = setTimeout(resolve, limits.shutdownMs);
        });
      }
      clearTimeout(deadline);
      server.closeAllConnections();
      handler.close();
      await closed;
    },
  };
}
