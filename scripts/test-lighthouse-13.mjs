#!/usr/bin/env node
// npm run test:lighthouse-13 [-- vitest args]
// Runs the lab tests again with Lighthouse 13 on Node 22 (what Lighthouse 13 needs), whatever Node
// runs this script: installs Node 22 and Lighthouse 13 from the npm registry into a scratch folder
// (node_modules/.cache/perfgate-lighthouse-13, kept between runs), then runs vitest with that Node
// and PERFGATE_LIGHTHOUSE pointing at that Lighthouse. `npm test` must have built dist/ first
// (the CLI tests spawn it).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The versions tested: Lighthouse 13's newest tested release (see src/lab/lighthouse-versions.ts) and the Node it needs. */
const PACKAGES = { lighthouse: '13.5.0', node: '22.23.3' };
/** The tests that drive Lighthouse (the lab runner, flows, logins, side by side, the run command). */
const TESTS = ['test/lab/', 'test/commands/run.test.ts'];

const scratch = process.env.PERFGATE_LIGHTHOUSE_13_DIR ?? path.join(root, 'node_modules/.cache/perfgate-lighthouse-13');
const manifest = path.join(scratch, 'package.json');
const wanted = JSON.stringify({ name: 'perfgate-lighthouse-13', private: true, dependencies: PACKAGES }, null, 2);
const lighthouseDir = path.join(scratch, 'node_modules/lighthouse');
const node = path.join(scratch, 'node_modules/node/bin/node');
const installed = (name) => {
  try {
    return JSON.parse(readFileSync(path.join(scratch, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
};

if (installed('lighthouse') !== PACKAGES.lighthouse || installed('node') !== PACKAGES.node || !existsSync(node)) {
  mkdirSync(scratch, { recursive: true });
  writeFileSync(manifest, wanted);
  console.log(`installing Node ${PACKAGES.node} and Lighthouse ${PACKAGES.lighthouse} into ${path.relative(root, scratch)}`);
  // Puppeteer (a dependency of Lighthouse) must not download a browser: the tests use the machine's Chromium.
  const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'], {
    cwd: scratch,
    stdio: 'inherit',
    env: { ...process.env, PUPPETEER_SKIP_DOWNLOAD: 'true' },
  });
  if (install.status !== 0) process.exit(install.status ?? 1);
}

const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
console.log(`lab tests with Lighthouse ${installed('lighthouse')} on Node ${version}`);
const vitest = spawnSync(node, [path.join(root, 'node_modules/vitest/vitest.mjs'), 'run', ...TESTS, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, PERFGATE_LIGHTHOUSE: lighthouseDir, PERFGATE_EXPECT_LIGHTHOUSE: PACKAGES.lighthouse },
});
process.exit(vitest.status ?? 1);
