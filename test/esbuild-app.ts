import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

/** A small app (an entry, a module of its own, a package from node_modules), as a project has it. */
export function writeApp(root: string, libBody: string): void {
  mkdirSync(path.join(root, 'src'), { recursive: true });
  mkdirSync(path.join(root, 'node_modules/tiny-lib'), { recursive: true });
  writeFileSync(path.join(root, 'node_modules/tiny-lib/package.json'), JSON.stringify({ name: 'tiny-lib', main: 'index.js' }));
  writeFileSync(path.join(root, 'node_modules/tiny-lib/index.js'), `export function shout(s) {\n${libBody}  return s.toUpperCase() + '!';\n}\n`);
  writeFileSync(path.join(root, 'src/cart.js'), 'export const cart = [];\nexport function add(item) { cart.push(item); return cart.length; }\n');
  writeFileSync(
    path.join(root, 'src/app.js'),
    "import { shout } from 'tiny-lib';\nimport { add } from './cart.js';\ndocument.title = shout('items: ' + add('tea'));\n",
  );
}

/** Builds it with esbuild, a real bundler, into dist/app.js with the source map as asked. */
export async function buildApp(root: string, sourcemap: 'linked' | 'inline' | 'external' | false): Promise<string> {
  const outfile = path.join(root, 'dist/app.js');
  await build({ entryPoints: [path.join(root, 'src/app.js')], bundle: true, outfile, sourcemap, absWorkingDir: root, logLevel: 'silent' });
  return outfile;
}
