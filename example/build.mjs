// Builds the example site into example/dist: real JS and CSS bundles (esbuild) and a hero image.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, copyFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, 'dist');

/** A PNG of deterministic noise: it does not compress, like a real photo. */
function noisePng(width, height, seed) {
  let state = seed >>> 0;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state >>> 24;
  };
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0, o = 0; y < height; y++) {
    raw[o++] = 0; // filter: none
    for (let x = 0; x < width * 3; x++) raw[o++] = random();
  }
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

await rm(dist, { recursive: true, force: true });
await mkdir(path.join(dist, 'assets'), { recursive: true });

await build({
  entryPoints: { home: 'src/home.ts', products: 'src/products.ts', slow: 'src/slow.ts', app: 'src/styles.css' },
  absWorkingDir: here,
  outdir: path.join(dist, 'assets'),
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2020',
  logLevel: 'warning',
});

// The RUM snippet (built by `npm run build` into dist/rum/), embedded with its inline loader.
// Route names come from pages.json, so field samples and lab results name pages alike.
const rum = path.join(here, '../dist/rum');
if (!existsSync(path.join(rum, 'perfgate-rum.js'))) throw new Error('dist/rum/ is missing: run `npm run build` first');
const { loadPages, rumRoutes } = await import('../dist/index.js');
const routes = rumRoutes(loadPages(path.join(here, '../pages.json')));
const attribute = (text) => text.replace(/&/g, '&amp;').replace(/'/g, '&#39;');
const loader = (await readFile(path.join(rum, 'perfgate-rum-loader.js'), 'utf8')).trim();
const snippet = `<script data-src="/perfgate-rum.js" data-endpoint="/rum" data-release="example" data-routes='${attribute(JSON.stringify(routes))}'>${loader}</script>`;
await copyFile(path.join(rum, 'perfgate-rum.js'), path.join(dist, 'perfgate-rum.js'));

const pages = {
  'index.html': 'index.html',
  'products.html': 'products/index.html',
  'slow.html': 'slow/index.html',
  'never-paints.html': 'never-paints/index.html',
  'login.html': 'login/index.html',
  'account.html': 'account/index.html',
};
for (const [from, to] of Object.entries(pages)) {
  await mkdir(path.dirname(path.join(dist, to)), { recursive: true });
  const html = await readFile(path.join(here, 'src/pages', from), 'utf8');
  await writeFile(path.join(dist, to), from === 'never-paints.html' ? html : html.replace('</body>', `${snippet}\n</body>`));
}
await writeFile(path.join(dist, 'assets/hero.png'), noisePng(520, 520, 42));
console.log(`example built in ${path.relative(process.cwd(), dist) || dist}`);
