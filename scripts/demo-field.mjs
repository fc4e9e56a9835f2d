#!/usr/bin/env node
// The field half of the demo (npm run demo -- --field): a perfgate collector with its SQLite file in
// a temporary folder; the example shop, whose server relays the RUM snippet's beacons to it; real
// Chromium visiting the shop as phones of three speeds; then perfgate compare, which puts the lab's
// results beside the field's p75 and says what the field's LCP, INP and CLS come from, and the
// dashboard as one HTML file.
//   node scripts/demo-field.mjs [--visits N] [--results FILE] [--html FILE]
// Needs npm run build and npm run build:example first (npm run demo does both).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.mjs';
import { start } from './start-node.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const flag = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
};
if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log('Usage: node scripts/demo-field.mjs [--visits N] [--results FILE] [--html FILE]\n');
  console.log('Visits the example shop N times per page (default 6) with real Chromium, its beacons stored by a perfgate');
  console.log('collector, then runs perfgate compare on FILE (default .perfgate/results.json) and writes the dashboard (default .perfgate/field.html).');
  process.exit(0);
}
const visits = Number(flag('visits', '6'));
const results = path.resolve(flag('results', path.join(root, '.perfgate/results.json')));
const html = path.resolve(flag('html', path.join(root, '.perfgate/field.html')));
if (!Number.isInteger(visits) || visits < 1 || visits > 200) {
  console.error(`--visits must be a whole number from 1 to 200, not ${flag('visits')}`);
  process.exit(2);
}
const labPages = () => {
  try {
    return JSON.parse(readFileSync(results, 'utf8')).pages?.length ?? 0;
  } catch {
    return 0;
  }
};
if (labPages() === 0) {
  console.error(`No lab results of pages at ${path.relative(process.cwd(), results)}: run npm run demo first (or pass --results FILE).`);
  process.exit(2);
}

// The pages visited, and what a visitor does there: on products, filter the list (an interaction, so INP).
const PAGES = [
  { path: '/', act: null },
  {
    path: '/products/',
    act: async (tab) => {
      await tab.click('[data-tag="kitchen"]');
      await tab.waitForSelector('#products[data-filtered="kitchen"]');
    },
  },
  { path: '/slow/', act: null },
];
// Phones of three speeds: Chrome's CPU slowed 1x, 2x and 4x, on no throttling, Chrome's fast 4G and its slow 4G.
const { PredefinedNetworkConditions } = await import('puppeteer-core');
const PHONES = [
  { cpu: 1, network: null },
  { cpu: 2, network: PredefinedNetworkConditions['Fast 4G'] },
  { cpu: 4, network: PredefinedNetworkConditions['Slow 4G'] },
];
/** How long a visitor stays after the snippet loaded: the sale page's late hero and banner come 1.2 s after the load event. */
const DWELL_MS = 1_500;
const PHONE_UA = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36';

const work = mkdtempSync(path.join(os.tmpdir(), 'perfgate-demo-field-'));
const servers = [];
let chrome;
try {
  const token = randomBytes(12).toString('hex');
  const collector = await start(
    ['dist/cli.js', 'collector', '--db', path.join(work, 'field.db'), '--port', '0', '--write-token', token, '--rate-limit', '0'],
    /listening on (http:[^\s"]+)/,
    { cwd: root },
  );
  servers.push(collector);
  const shop = await start(['example/server.mjs'], /example shop on (http:\S+)/, {
    cwd: root,
    env: { PORT: String(await freePort()), RUM_COLLECTOR: collector.url, RUM_WRITE_TOKEN: token },
  });
  servers.push(shop);
  console.log(`collector ${collector.url} (SQLite in ${work}), example shop ${shop.url} relaying its beacons to it`);

  const { findChrome } = await import(path.join(root, 'dist/lab/find-chrome.js'));
  const { launchChrome } = await import(path.join(root, 'dist/lab/chrome.js'));
  chrome = await launchChrome(findChrome(), [`--user-agent=${PHONE_UA}`]);
  console.log(
    `${visits} visits to each of ${PAGES.map((p) => p.path).join(', ')} in Chromium, in turn as three phones: CPU 1x, 2x and 4x slower, on an unthrottled network, fast 4G and slow 4G:`,
  );
  const left = [];
  for (let visit = 0; visit < visits; visit++) {
    for (const page of PAGES) {
      const context = await chrome.browser.createBrowserContext();
      // Closed once the batches are stored: closing it at once could cut a beacon still on its way.
      left.push(context);
      {
        const tab = await context.newPage();
        await tab.setViewport({ width: 412, height: 823 });
        const phone = PHONES[visit % PHONES.length];
        await tab.emulateCPUThrottling(phone.cpu);
        await tab.emulateNetworkConditions(phone.network);
        await tab.goto(`${shop.url}${page.path}`, { waitUntil: 'load', timeout: 60_000 });
        // The snippet loads after the load event; its observers then report what the page already did.
        await tab.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('/perfgate-rum.js') && e.responseEnd > 0), {
          timeout: 30_000,
        });
        // A visitor reads on: what the page does after its load event counts too.
        await new Promise((resolve) => setTimeout(resolve, DWELL_MS));
        await tab.waitForNetworkIdle({ idleTime: 300, timeout: 30_000 });
        if (page.act) {
          await page.act(tab);
          // The interaction's entry reaches the page's observers after its next frame.
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
        // Leaving the page sends its batch.
        await tab.emulateNetworkConditions(null);
        await tab.goto('about:blank');
      }
    }
    process.stdout.write(`\r  ${visit + 1}/${visits}`);
  }
  process.stdout.write('\n');

  // The batches are relayed as the pages unload: wait until every visit's LCP is stored (at most 15 s).
  const expected = visits * PAGES.length;
  const until = Date.now() + 15_000;
  let stored = 0;
  while (Date.now() < until) {
    const answer = await fetch(`${collector.url}/api/summary?metric=LCP&device=all`);
    if (!answer.ok) throw new Error(`the collector's /api/summary answered ${answer.status}: ${await answer.text()}`);
    const summary = await answer.json();
    stored = summary.rows.filter((r) => r.metric === 'LCP').reduce((n, r) => n + r.count, 0);
    if (stored >= expected) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  for (const context of left) await context.close();
  console.log(`stored: ${stored} LCP samples of ${expected} page views\n`);
  console.log(`perfgate compare --collector ${collector.url} --min-samples ${visits}\n`);
  const compare = spawnSync(
    process.execPath,
    ['dist/cli.js', 'compare', '--results', results, '--collector', collector.url, '--min-samples', String(visits), '--html', html],
    { cwd: root, stdio: 'inherit' },
  );
  console.log(`\nThe dashboard, with these field data: ${path.relative(process.cwd(), html)}`);
  process.exitCode = compare.status === 0 || compare.status === 1 ? 0 : (compare.status ?? 1);
} finally {
  await chrome?.close();
  for (const server of servers) server.child.kill('SIGTERM');
  await Promise.all(servers.map((server) => server.exited));
  rmSync(work, { recursive: true, force: true });
}
