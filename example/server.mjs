#!/usr/bin/env node
// The example shop's server: example/dist as static files, plus a real cookie login. POST /login/
// with the demo account (user "demo", password "perfgate") sets a session cookie; /account/ answers
// only with it and redirects everyone else to /login/. Listens on 127.0.0.1:$PORT (default 4173).
import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = path.join(path.dirname(fileURLToPath(import.meta.url)), 'dist');
const port = Number(process.env.PORT ?? 4173);
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png', '.json': 'application/json' };
const sessions = new Set();

const sessionOf = (req) => /(?:^|;\s*)session=([a-f0-9]+)/.exec(req.headers.cookie ?? '')?.[1];

function serveFile(pathname, res) {
  const file = path.join(dist, path.normalize(pathname).replace(/^(\.\.[/\\])+/, ''));
  const target = existsSync(file) && statSync(file).isDirectory() ? path.join(file, 'index.html') : file;
  if (!target.startsWith(dist) || !existsSync(target)) {
    res.writeHead(404, { 'content-type': 'text/plain' });
    return res.end('not found');
  }
  res.writeHead(200, { 'content-type': TYPES[path.extname(target)] ?? 'application/octet-stream' });
  createReadStream(target).pipe(res);
}

const server = http.createServer((req, res) => {
  const { pathname } = new URL(req.url ?? '/', 'http://localhost');
  if (pathname === '/login/' && req.method === 'POST') {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
      if (body.length > 10_000) req.destroy();
    });
    req.on('end', () => {
      const form = new URLSearchParams(body);
      if (form.get('user') !== 'demo' || form.get('password') !== 'perfgate') {
        res.writeHead(303, { location: '/login/?failed' });
        return res.end();
      }
      const session = randomBytes(16).toString('hex');
      sessions.add(session);
      res.writeHead(303, { 'set-cookie': `session=${session}; Path=/; HttpOnly; SameSite=Lax`, location: '/account/' });
      res.end();
    });
    return;
  }
  if (pathname.startsWith('/account') && !sessions.has(sessionOf(req))) {
    res.writeHead(302, { location: '/login/' });
    return res.end();
  }
  if (pathname === '/rum') {
    res.writeHead(204);
    return res.end();
  }
  serveFile(pathname, res);
});
server.listen(port, '127.0.0.1', () => console.log(`example shop on http://127.0.0.1:${port}`));
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
