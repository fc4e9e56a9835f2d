#!/usr/bin/env node
// The example shop's server: example/dist as static files, plus a real cookie login. POST /login/
// with the demo account (user "demo", password "perfgate") sets a session cookie; /account/ answers
// only with it and redirects everyone else to /login/. Listens on 127.0.0.1:$PORT (default 4173).
// POST /rum answers 204 and keeps nothing, unless $RUM_COLLECTOR names a perfgate collector: then the
// beacons are relayed to it with $RUM_WRITE_TOKEN, as an app's own server relays them, and the pages
// get the snippet's attribution build (npm run demo -- --field does this).
import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = path.join(path.dirname(fileURLToPath(import.meta.url)), 'dist');
const port = Number(process.env.PORT ?? 4173);
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png', '.json': 'application/json' };
const sessions = new Set();
const collector = process.env.RUM_COLLECTOR;
const attributionBuild = path.join(path.dirname(fileURLToPath(import.meta.url)), '../dist/rum/perfgate-rum.attribution.js');

/** Relays a beacon to the collector: its body, type and user agent (the collector reads the device from it). */
function relay(req, res) {
  const chunks = [];
  let size = 0;
  req.on('data', (chunk) => {
    size += chunk.length;
    if (size > 65_536) return req.destroy();
    chunks.push(chunk);
  });
  req.on('end', () => {
    const headers = { 'content-type': req.headers['content-type'] ?? 'text/plain', 'user-agent': req.headers['user-agent'] ?? '' };
    const forward = http.request(
      new URL('/rum', collector),
      { method: 'POST', headers: { ...headers, authorization: `Bearer ${process.env.RUM_WRITE_TOKEN ?? ''}` } },
      (answer) => {
        answer.resume();
        res.writeHead(answer.statusCode ?? 502);
        res.end();
      },
    );
    forward.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    forward.end(Buffer.concat(chunks));
  });
}

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
    if (collector && req.method === 'POST') return relay(req, res);
    res.writeHead(204);
    return res.end();
  }
  if (pathname === '/perfgate-rum.js' && collector) {
    res.writeHead(200, { 'content-type': TYPES['.js'] });
    return createReadStream(attributionBuild).pipe(res);
  }
  serveFile(pathname, res);
});
server.listen(port, '127.0.0.1', () => console.log(`example shop on http://127.0.0.1:${port}`));
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
