import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { bundleSources } from '../src/bundle-sources.js';
import { NO_SOURCE } from '../src/source-sizes.js';
import { buildApp, writeApp } from './esbuild-app.js';
import { tempDir } from './helpers.js';

describe('bundleSources: what each source weighs in a bundle’s built files, from their source maps', () => {
  it.each(['linked', 'inline', 'external'] as const)(
    'reads the %s source map of a real esbuild bundle: its own modules and the package, adding up to the file',
    async (sourcemap) => {
      const root = tempDir();
      writeApp(root, '');
      const file = await buildApp(root, sourcemap);
      const parts = await bundleSources([file]);
      expect(parts?.map((p) => p.name).sort()).toEqual([NO_SOURCE, 'node_modules/tiny-lib', 'src/app.js', 'src/cart.js']);
      expect(parts?.reduce((sum, p) => sum + p.value, 0)).toBe(statSync(file).size);
      // The package's built function is most of its source's text.
      const lib = parts?.find((p) => p.name === 'node_modules/tiny-lib')?.value ?? 0;
      expect(lib).toBeGreaterThan(40);
      expect(lib).toBeLessThan(readFileSync(path.join(root, 'node_modules/tiny-lib/index.js'), 'utf8').length + 20);
    },
  );

  it('reads a stylesheet’s source map (its /*# sourceMappingURL */ comment), a package’s CSS named as its package', async () => {
    const root = tempDir();
    writeApp(root, '');
    writeFileSync(path.join(root, 'node_modules/tiny-lib/reset.css'), 'html { margin: 0; padding: 0; }\n');
    writeFileSync(path.join(root, 'src/app.css'), "@import 'tiny-lib/reset.css';\n.cart { color: #123456; display: grid; }\n");
    const outfile = path.join(root, 'dist/app.css');
    await build({ entryPoints: [path.join(root, 'src/app.css')], bundle: true, outfile, sourcemap: 'linked', absWorkingDir: root, logLevel: 'silent' });
    expect(readFileSync(outfile, 'utf8')).toMatch(/\/\*# sourceMappingURL=app\.css\.map \*\/\s*$/);
    const parts = await bundleSources([outfile]);
    expect(parts?.map((p) => p.name).sort()).toEqual([NO_SOURCE, 'node_modules/tiny-lib', 'src/app.css']);
    expect(parts?.reduce((sum, p) => sum + p.value, 0)).toBe(statSync(outfile).size);
  });

  it('is null without a source map, or with one that cannot be read; files that are not code are not read', async () => {
    const root = tempDir();
    writeApp(root, '');
    const file = await buildApp(root, false);
    expect(await bundleSources([file])).toBeNull();
    writeFileSync(`${file}.map`, '{"version": 3, "mappings": ');
    expect(await bundleSources([file])).toBeNull();
    writeFileSync(path.join(root, 'dist/logo.png.map'), JSON.stringify({ version: 3, sources: ['x'], mappings: 'AAAA' }));
    writeFileSync(path.join(root, 'dist/logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    expect(await bundleSources([path.join(root, 'dist/logo.png')])).toBeNull();
  });

  it('sums the sources over a bundle’s files', async () => {
    const root = tempDir();
    writeApp(root, '');
    const file = await buildApp(root, 'linked');
    const copy = path.join(root, 'dist/cop.js');
    writeFileSync(copy, readFileSync(file, 'utf8').replace('app.js.map', 'cop.js.map'));
    writeFileSync(`${copy}.map`, readFileSync(`${file}.map`));
    const one = await bundleSources([file]);
    const two = await bundleSources([file, copy]);
    expect(two).toEqual(one?.map((p) => ({ name: p.name, value: 2 * p.value })));
  });
});
