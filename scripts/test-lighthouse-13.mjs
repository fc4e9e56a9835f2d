#!/usr/bin/env node
// npm run test:lighthouse-13 [-- vitest args]
// Runs the lab tests again with Lighthouse 13 on Node 22 (what Lighthouse 13 needs), whatever Node
// runs this script: Node 22 and Lighthouse 13 come from the npm registry into a scratch folder
// (scripts/lighthouse-13.mjs), then vitest runs with that Node and PERFGATE_LIGHTHOUSE pointing at
// that Lighthouse. `npm test` must have built dist/ first (the CLI tests spawn it).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureLighthouse13 } from './lighthouse-13.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The tests that drive Lighthouse (the lab runner, flows, logins, side by side, the run command), and the one that holds perfgate's list of its locales to it. */
const TESTS = ['test/lab/', 'test/commands/run.test.ts', 'test/config/lighthouse-locales.test.ts'];

const { node, lighthouseDir, version } = ensureLighthouse13();
console.log(`lab tests with Lighthouse ${version} on Node ${spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim()}`);
const vitest = spawnSync(node, [path.join(root, 'node_modules/vitest/vitest.mjs'), 'run', ...TESTS, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, PERFGATE_LIGHTHOUSE: lighthouseDir, PERFGATE_EXPECT_LIGHTHOUSE: version },
});
process.exit(vitest.status ?? 1);
