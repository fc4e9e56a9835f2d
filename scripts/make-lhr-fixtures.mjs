#!/usr/bin/env node
// node scripts/make-lhr-fixtures.mjs --out test/fixtures/lhr-versions <lighthouse-dir>[=<node binary>] ...
// Regenerates the Lighthouse reports of several Lighthouse versions that `assert --lhr` is tested on:
// each installed Lighthouse (e.g. `npm i lighthouse@8.6.0` in a scratch folder) runs its own CLI once
// over the example site's products page, served from example/dist on loopback, with the machine's
// Chromium. Lighthouse 13 needs Node 22: give its binary after `=`. Screenshots are skipped (smaller
// files); everything else is Lighthouse's own output, unedited.
import { spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'example/dist');
const outFlag = process.argv.indexOf('--out');
const out = path.resolve(outFlag > 0 ? process.argv[outFlag + 1] : path.join(root, 'test/fixtures/lhr-versions'));
const targets = process.argv.slice(2).filter((a, i, all) => a !== '--out' && all[i - 1] !== '--out');
const chrome = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const FLAGS = '--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run';
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png', '.svg': 'image/svg+xml' };

const server = http.createServer((req, res) => {
  let file = path.join(dist, new URL(req.url ?? '/', 'http://x').pathname);
  if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
  if (!file.startsWith(dist) || !existsSync(file)) return void res.writeHead(404).end();
  res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
  createReadStream(file).pipe(res);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}/products/`;
mkdirSync(out, { recursive: true });
try {
  for (const target of targets) {
    const [dir, node = process.execPath] = target.split('=');
    const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const bin = path.join(dir, typeof manifest.bin === 'string' ? manifest.bin : manifest.bin.lighthouse);
    const file = path.join(out, `lh-${manifest.version.replaceAll('.', '-')}-products.json`);
    console.log(`Lighthouse ${manifest.version} (${node}) → ${path.relative(root, file)}`);
    // Not spawnSync: this process serves the site while Lighthouse loads it.
    const child = spawn(
      node,
      [
        bin,
        url,
        '--output=json',
        `--output-path=${file}`,
        '--quiet',
        `--chrome-flags=${FLAGS}`,
        '--only-categories=performance,accessibility,best-practices,seo',
        '--skip-audits=screenshot-thumbnails,final-screenshot,full-page-screenshot',
      ],
      { stdio: 'inherit', env: { ...process.env, CHROME_PATH: chrome } },
    );
    const status = await new Promise((resolve) => child.on('exit', resolve));
    if (status !== 0) {
      console.error(`Lighthouse ${manifest.version} exited ${status}`);
      process.exitCode = 1;
    }
  }
} finally {
  server.close();
}
