import http from 'node:http';

/** Answers a request of a stand-in API: a status, a JSON body, headers. */
export type SendJson = (status: number, data: unknown, headers?: Record<string, string>) => void;

/**
 * An HTTP server for a stand-in of a JSON REST API (GitHub's, GitLab's): `handle` gets each request
 * with its URL and whole body once it has arrived, and answers through `send`.
 */
export function jsonApi(handle: (req: http.IncomingMessage, url: URL, body: string, send: SendJson) => void): http.Server {
  return http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', () =>
      handle(req, new URL(req.url ?? '/', 'http://x'), body, (status, data, headers = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(data));
      }),
    );
  });
}
