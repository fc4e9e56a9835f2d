import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadedPaths } from '../../src/lab/loaded-paths.js';
import { runsServedAlike, servedAlike } from '../../src/lab/served-alike.js';
import { askedAlike } from '../../src/lab/asked-alike.js';
import { serveDir } from '../../src/lab/site.js';
import { LHR_A, ROOT, tempDir } from '../helpers.js';

const VERSIONS = path.join(ROOT, 'test/fixtures/lhr-versions');
const lhrOf = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

describe('loadedPaths', () => {
  it.each(readdirSync(VERSIONS))('reads the paths a run loaded from its own origin in %s', (file) => {
    const lhr = lhrOf(path.join(VERSIONS, file));
    expect(loadedPaths(lhr, lhr.finalDisplayedUrl ?? lhr.finalUrl)).toEqual([
      '/assets/app.css',
      '/assets/products.js',
      '/favicon.ico',
      '/perfgate-rum.js',
      '/products/',
    ]);
  });

  it('leaves out other origins, queries and fragments, and names each path once', () => {
    const lhr = lhrOf(LHR_A);
    const paths = loadedPaths(lhr, 'https://www.coursehero.com/') as string[];
    const sameOrigin = lhr.audits['network-requests'].details.items.filter((i: { url: string }) => i.url.startsWith('https://www.coursehero.com/'));
    expect(sameOrigin.some((i: { url: string }) => i.url.includes('?'))).toBe(true);
    expect(paths).toEqual([...new Set(sameOrigin.map((i: { url: string }) => new URL(i.url).pathname))].sort());
    expect(paths.every((p) => p.startsWith('/') && !p.includes('?'))).toBe(true);
    expect(loadedPaths(lhr, 'https://elsewhere.example/')).toEqual([]);
  });

  it('is null when the report lists no requests: what the page loaded is not known', () => {
    expect(loadedPaths({ audits: {} }, 'http://127.0.0.1:1/')).toBeNull();
    expect(loadedPaths({ audits: { 'network-requests': { details: { items: [] } } } }, 'http://127.0.0.1:1/')).toBeNull();
  });
});

const HOME = '<h1>home</h1><script src="/assets/app.js"></script>';

/** Two builds of one site: the same home page and script, a differing sale page. */
function builds() {
  const dir = tempDir();
  const roots = { base: path.join(dir, 'base'), head: path.join(dir, 'head') };
  for (const [name, root] of Object.entries(roots)) {
    mkdirSync(path.join(root, 'assets'), { recursive: true });
    mkdirSync(path.join(root, 'sale'), { recursive: true });
    writeFileSync(path.join(root, 'index.html'), HOME);
    writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1);\n');
    writeFileSync(path.join(root, 'sale', 'index.html'), `<h1>sale</h1><p>${name}</p>`);
    writeFileSync(path.join(root, '.env'), `SECRET=${name}`);
  }
  writeFileSync(path.join(roots.head, 'assets', 'chat.js'), 'chat();\n');
  return roots;
}

describe('servedAlike', () => {
  it('gives the digest of what both folders serve when every path is alike, and the first path that differs otherwise', () => {
    const { base, head } = builds();
    const alike = servedAlike(['/', '/assets/app.js'], base, head);
    expect(alike).toEqual({ alike: { files: 2, bytes: HOME.length + 16, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    // The digest is of what was served: the same paths give the same digest, others another.
    expect(servedAlike(['/', '/assets/app.js'], head, base)).toEqual(alike);
    expect(servedAlike(['/assets/app.js'], base, head)).not.toEqual(alike);
    expect(servedAlike(['/', '/sale/', '/assets/app.js'], base, head)).toEqual({ differs: '/sale/' });
    expect(servedAlike(['/sale/index.html'], base, head)).toEqual({ differs: '/sale/index.html' });
    // A file only one build has is a difference; one neither has is served alike (a 404 on both).
    expect(servedAlike(['/assets/chat.js'], base, head)).toEqual({ differs: '/assets/chat.js' });
    expect(servedAlike(['/favicon.ico'], base, head)).toEqual({ alike: { files: 0, bytes: 0, sha256: expect.any(String) } });
  });

  it('answers as the static server does: a folder without its slash is a redirect on both, dotfiles and paths out of the folder nothing', () => {
    const { base, head } = builds();
    expect(servedAlike(['/sale'], base, head)).toMatchObject({ alike: { files: 0 } });
    expect(servedAlike(['/.env', '/assets/../.env'], base, head)).toMatchObject({ alike: { files: 0 } });
    expect(servedAlike(['/../head/sale/index.html', '/%E0%A4%A'], base, head)).toMatchObject({ alike: { files: 0 } });
    expect(servedAlike(['/assets/app%2Ejs'], base, head)).toMatchObject({ alike: { files: 1, bytes: 16 } });
  });

  it('reads a file through a symbolic link, as the server follows it', () => {
    const { base, head } = builds();
    symlinkSync(path.join(head, 'assets', 'chat.js'), path.join(head, 'assets', 'linked.js'));
    writeFileSync(path.join(base, 'assets', 'linked.js'), 'chat();\n');
    expect(servedAlike(['/assets/linked.js'], base, head)).toMatchObject({ alike: { files: 1, bytes: 8 } });
  });
});

describe('a single-page app (singlePageApplication)', () => {
  it('serves its index.html at a route no file has, on a real server, as the comparison of the two folders reads it', async () => {
    const { base, head } = builds();
    const site = await serveDir(head, 'pages.json', true);
    const plain = await serveDir(head);
    try {
      const get = async (root: string, p: string) => {
        const response = await fetch(new URL(p, root));
        return [response.status, await response.text()];
      };
      const app = site.baseUrl as string;
      expect(await get(app, '/settings/profile')).toEqual([200, HOME]);
      expect(await get(app, '/sale/')).toEqual([200, '<h1>sale</h1><p>head</p>']);
      // A missing file (with an extension) is still a 404, not the app: a broken script shows as one.
      expect((await get(app, '/assets/missing.js'))[0]).toBe(404);
      expect((await get(plain.baseUrl as string, '/settings/profile'))[0]).toBe(404);
    } finally {
      await site.stop();
      await plain.stop();
    }
    // Both folders answer the route with their index.html: alike while it is the same, a difference once it is not.
    expect(servedAlike(['/settings/profile', '/assets/app.js'], base, head, true)).toEqual({
      alike: { files: 2, bytes: HOME.length + 16, sha256: expect.any(String) },
    });
    expect(servedAlike(['/settings/profile'], base, head)).toMatchObject({ alike: { files: 0 } });
    writeFileSync(path.join(head, 'index.html'), `${HOME}<p>new</p>`);
    expect(servedAlike(['/settings/profile'], base, head, true)).toEqual({ differs: '/settings/profile' });
    expect(servedAlike(['/assets/missing.js'], base, head, true)).toMatchObject({ alike: { files: 0 } });
  });
});

describe('runsServedAlike', () => {
  const lhrLoading = (...urls: string[]) => ({ audits: { 'network-requests': { details: { items: urls.map((url) => ({ url })) } } } });
  const site = 'http://127.0.0.1:4000/';

  it('takes every path any run loaded: one run that loads a file that differs is enough', () => {
    const { base, head } = builds();
    const home = lhrLoading(`${site}`, `${site}assets/app.js?v=1`, 'https://cdn.example/lib.js');
    expect(runsServedAlike([home, home], site, base, head)).toMatchObject({ files: 2 });
    expect(runsServedAlike([home, lhrLoading(`${site}`, `${site}assets/chat.js`)], site, base, head)).toBeNull();
  });

  it('is null when a run does not list its requests, or lists none from the site', () => {
    const { base, head } = builds();
    expect(runsServedAlike([lhrLoading(site), { audits: {} }], site, base, head)).toBeNull();
    expect(runsServedAlike([lhrLoading('https://elsewhere.example/')], site, base, head)).toBeNull();
  });
});

describe('what the static server was asked for (askedPaths, askedAlike)', () => {
  const folders = () => {
    const dir = tempDir();
    const builds = { head: path.join(dir, 'head'), base: path.join(dir, 'base') };
    for (const [name, root] of Object.entries(builds)) {
      mkdirSync(root);
      writeFileSync(path.join(root, 'index.html'), '<h1>home</h1>');
      writeFileSync(path.join(root, 'app.js'), 'run();\n');
      writeFileSync(path.join(root, 'notes.json'), JSON.stringify({ build: name }));
    }
    return builds;
  };
  const ask = async (site: string, ...paths: string[]) => {
    for (const p of paths) await (await fetch(new URL(p, site))).arrayBuffer();
  };

  it('gives every path asked for since the last call, once each, without its query', async () => {
    const builds = folders();
    const site = await serveDir(builds.head);
    try {
      await ask(site.baseUrl as string, '/', '/app.js?v=1', '/app.js?v=2', '/missing.js', '/a%20b.js');
      expect((await site.askedPaths?.())?.sort()).toEqual(['/', '/a%20b.js', '/app.js', '/missing.js']);
      expect(await site.askedPaths?.()).toEqual([]);
      await ask(site.baseUrl as string, '/notes.json');
      expect(await site.askedPaths?.()).toEqual(['/notes.json']);
    } finally {
      await site.stop();
    }
  });

  it('finds the files asked for since start served alike by both folders, until one that differs is asked for', async () => {
    const builds = folders();
    const site = await serveDir(builds.head);
    try {
      const check = askedAlike(site.askedPaths as () => Promise<string[]>, builds.base, builds.head);
      // Asked before the flow started: not the flow's.
      await ask(site.baseUrl as string, '/notes.json');
      await check.start();
      expect(await check.alike()).toBeNull();
      await ask(site.baseUrl as string, '/', '/app.js', '/favicon.ico');
      expect(await check.alike()).toEqual({ files: 2, bytes: 20, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
      // What was asked for before stays part of the flow's files.
      expect(await check.alike()).toMatchObject({ files: 2 });
      await ask(site.baseUrl as string, '/notes.json');
      expect(await check.alike()).toBeNull();
    } finally {
      await site.stop();
    }
  });
  it('a server that has stopped says so at once, and the flow is then taken for one whose files are not known (measured on both builds)', async () => {
    const builds = folders();
    const site = await serveDir(builds.head);
    const check = askedAlike(site.askedPaths as () => Promise<string[]>, builds.base, builds.head);
    await check.start();
    await ask(site.baseUrl as string, '/', '/app.js');
    expect(await check.alike()).toMatchObject({ files: 2 });
    await site.stop();
    // Before, asking a stopped thread waited for an answer that never came.
    await expect(site.askedPaths?.()).rejects.toThrow('the static server stopped');
    expect(await check.alike()).toBeNull();
  });

  it('stays unknown once the server could not say, even when it answers again', async () => {
    const builds = folders();
    let calls = 0;
    const flaky = async () => {
      calls += 1;
      if (calls === 2) throw new Error('the static server stopped');
      return ['/', '/app.js'];
    };
    const check = askedAlike(flaky, builds.base, builds.head);
    await check.start();
    expect(await check.alike(), 'the call that failed').toBeNull();
    expect(await check.alike(), 'the paths of the failed call are not known').toBeNull();
    expect(calls).toBe(3);
  });
});
