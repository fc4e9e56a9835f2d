// Shared by npm run test:lighthouse-13 and npm run bench:lab: Node 22 and Lighthouse 13 from the npm
// registry in a scratch folder (node_modules/.cache/perfgate-lighthouse-13, kept between runs).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The versions tested: Lighthouse 13's newest tested release (see src/lab/lighthouse-versions.ts) and the Node it needs. */
export const LIGHTHOUSE_13 = { lighthouse: '13.5.0', node: '22.23.3' };

/** Installs (once) and returns the Node 22 binary and the Lighthouse 13 folder. */
export function ensureLighthouse13() {
  const scratch = process.env.PERFGATE_LIGHTHOUSE_13_DIR ?? path.join(root, 'node_modules/.cache/perfgate-lighthouse-13');
  const node = path.join(scratch, 'node_modules/node/bin/node');
  const lighthouseDir = path.join(scratch, 'node_modules/lighthouse');
  const installed = (name) => {
    try {
      return JSON.parse(readFileSync(path.join(scratch, 'node_modules', name, 'package.json'), 'utf8')).version;
    } catch {
      return null;
    }
  };
  if (installed('lighthouse') !== LIGHTHOUSE_13.lighthouse || installed('node') !== LIGHTHOUSE_13.node || !existsSync(node)) {
    mkdirSync(scratch, { recursive: true });
    writeFileSync(path.join(scratch, 'package.json'), JSON.stringify({ name: 'perfgate-lighthouse-13', private: true, dependencies: LIGHTHOUSE_13 }, null, 2));
    console.log(`installing Node ${LIGHTHOUSE_13.node} and Lighthouse ${LIGHTHOUSE_13.lighthouse} into ${path.relative(root, scratch)}`);
    // Puppeteer (a dependency of Lighthouse) must not download a browser: perfgate uses the machine's Chromium.
    const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'], {
      cwd: scratch,
      stdio: 'inherit',
      env: { ...process.env, PUPPETEER_SKIP_DOWNLOAD: 'true' },
    });
    if (install.status !== 0)
      throw new Error(`npm install of Node ${LIGHTHOUSE_13.node} and Lighthouse ${LIGHTHOUSE_13.lighthouse} failed (${install.status})`);
  }
  return { node, lighthouseDir, version: installed('lighthouse') };
}
