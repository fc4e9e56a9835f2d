/**
 * One HTTP exchange as the collector's routes see it: what they read of a request and what they
 * answer. The web-standard handler (Request → Response) and the node:http adapter both translate
 * to and from it; the node adapter does so without building web Request/Response objects, which
 * cost more than the rest of an ingest together (see scripts/bench-collector.mjs).
 */
export interface CollectorRequest {
  method: string;
  /** The full request URL (the collector's own origin plus path and query). */
  url: URL;
  /** A request header, by lower-case name; null when absent. */
  header(name: string): string | null;
  /** The body, read up to `limitBytes`; null when it is longer (the rest is discarded, not read). */
  body(limitBytes: number): Promise<Uint8Array | null>;
  /** The peer address as the socket reports it (never stored; only for the rate limit). */
  clientAddress?: string;
}

/** The collector's answer: a status, headers and an optional body (text, or bytes such as a gzipped page). */
export interface CollectorReply {
  status: number;
  headers: Record<string, string>;
  body: string | Uint8Array | null;
}

/** What the adapter knows about the connection; the web handler itself sees only the Request. */
export interface ClientContext {
  clientAddress?: string;
}

/** Reads a web stream up to `limitBytes`; null (and the stream cancelled) when it is longer. */
async function readLimited(request: Request, limitBytes: number): Promise<Uint8Array | null> {
  if (!request.body) return new Uint8Array();
  // A declared length (sendBeacon always declares it) was checked by the routes: read at once.
  if (request.headers.has('content-length')) {
    const body = new Uint8Array(await request.arrayBuffer());
    return body.byteLength > limitBytes ? null : body;
  }
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limitBytes) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** A web Request as a collector exchange. */
export function fromWebRequest(request: Request, context: ClientContext = {}): CollectorRequest {
  return {
    method: request.method,
    url: new URL(request.url),
    header: (name) => request.headers.get(name),
    body: (limitBytes) => readLimited(request, limitBytes),
    clientAddress: context.clientAddress,
  };
}

/** A collector reply as a web Response. */
export function toWebResponse(reply: CollectorReply): Response {
  const body = reply.body === null || typeof reply.body === 'string' ? reply.body : new Uint8Array(reply.body);
  return new Response(body, { status: reply.status, headers: reply.headers });
}
