// Builds the RUM snippet into dist/rum/ and fails when it outgrows its size budget (rum/budgets.json).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist/rum');
const common = { absWorkingDir: root, bundle: true, minify: true, target: 'es2022', logLevel: 'warning', legalComments: 'none' };

// Files to serve: one IIFE each, web-vitals inside.
await build({
  ...common,
  format: 'iife',
  entryPoints: {
    'perfgate-rum': 'rum/src/standalone.ts',
    'perfgate-rum.attribution': 'rum/src/standalone-attribution.ts',
    'perfgate-rum-loader': 'rum/src/loader.ts',
  },
  outdir: out,
});
// ESM for bundlers (import { startRum } from 'perfgate/rum'): web-vitals stays an import.
await build({
  ...common,
  minify: false,
  format: 'esm',
  entryPoints: { index: 'rum/src/index.ts', attribution: 'rum/src/attribution.ts' },
  outdir: out,
  external: ['web-vitals', 'web-vitals/attribution'],
});

const run = (command, args) => {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
run(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'rum/tsconfig.json']);
// The weight budget, measured by size-limit through perfgate itself: exit 1 (the build fails) past an error level.
run(process.execPath, [path.join(root, 'dist/cli.js'), 'size', '--budgets', 'rum/budgets.json', '--out', path.join(root, '.perfgate/rum-size')]);
