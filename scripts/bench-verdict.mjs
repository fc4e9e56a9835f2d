#!/usr/bin/env node
// npm run bench:verdict [-- --comparisons N] [--pages home,sale] [--scenarios quiet,noisy,main-thread,lcp-image,identical,sale-text] [--burners N] [--flows]
// How far a side-by-side verdict can be trusted, and what it costs, on the example site with base
// and head from two builds, each served by its own loopback server:
//   quiet        the same build on both sides on a quiet machine: side by side (sampling) against two
//                separate fixed 5-run measurements (base, then head with --base), wall time and runs;
//   noisy        the same build, with CPU-burning processes (--burners, default 2: every core of the
//                development VM) started partway through each comparison (a noisy CI neighbour): false regressions side by side, and with the stored-results
//                path (base measured alone while quiet, head alone later, 5 runs each) for contrast;
//   main-thread  head's sale page gets +300 ms of main-thread work at start-up: detections;
//   lcp-image    head's sale page gets a heavier LCP image (about +25 % bytes): detections;
//   identical    (not run by default) a pull request whose build is byte-identical to the base's, given
//                as folders (--base-dir): measured once, against two separate fixed 5-run measurements;
//   sale-text    (not run by default) a pull request that changes a few words of the sale page's text, given
//                as folders (--base-dir): the home page loads the same files from both builds and is
//                measured once, the sale page side by side; against two separate fixed 5-run measurements.
//   --flows      the folder scenarios (identical, sale-text) also run the example's user flow (filter products,
//                on the products page, which the sale-text change does not touch), in both measurements.
// Every comparison is one `perfgate run` (sampling 5-15 runs per side); nothing runs in parallel.
import { spawn } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const comparisons = Number(arg('comparisons', '20'));
const pageNames = arg('pages', 'home,sale').split(',');
const scenarios = arg('scenarios', 'quiet,noisy,main-thread,lcp-image').split(',');
const burnerCount = Number(arg('burners', '2'));
const withFlows = process.argv.includes('--flows');
const FLOWS = [{ name: 'filter products', module: path.join(root, 'example/flows/filter-products.mjs') }];
const SCENARIOS = new Set(['quiet', 'noisy', 'main-thread', 'lcp-image', 'identical', 'sale-text']);
for (const name of scenarios) if (!SCENARIOS.has(name)) throw new Error(`--scenarios: no scenario "${name}" (${[...SCENARIOS].join(', ')})`);
if (!Number.isInteger(comparisons) || comparisons < 1) throw new Error('--comparisons takes a whole number');
if (!existsSync(path.join(root, 'example/dist/index.html'))) throw new Error('build the example first: npm run build:example');
const PATHS = { home: '/', products: '/products/', sale: '/slow/' };
for (const name of pageNames) if (!PATHS[name]) throw new Error(`--pages: no page "${name}" (home, products, sale)`);

/** A seeded generator (Park-Miller): the same builds and start times of the neighbour on every run. */
function lcg(seed) {
  let state = seed;
  return () => {
    state = (state * 16807) % 2147483647;
    return state / 2147483647;
  };
}

const work = mkdtempSync(path.join(os.tmpdir(), 'perfgate-bench-verdict-'));
const build = (name, change = () => {}) => {
  const dir = path.join(work, name);
  cpSync(path.join(root, 'example/dist'), dir, { recursive: true });
  change(dir);
  return dir;
};
const builds = {
  base: build('base'),
  same: build('same'),
  'main-thread': build('main-thread', (dir) => {
    const file = path.join(dir, 'assets/slow.js');
    writeFileSync(file, `(()=>{const t=performance.now();while(performance.now()-t<300);})();\n${readFileSync(file, 'utf8')}`);
  }),
  'lcp-image': build('lcp-image', (dir) => {
    // Bytes after a PNG's end are ignored by decoders but travel over the (simulated) network.
    const file = path.join(dir, 'assets/hero.png');
    const png = readFileSync(file);
    const next = lcg(1);
    const noise = Buffer.alloc(Math.round(png.length * 0.25), 0).map(() => Math.floor(next() * 256));
    writeFileSync(file, Buffer.concat([png, noise]));
  }),
  // Copy that changes and costs nothing: the same length, the same layout.
  'sale-text': build('sale-text', (dir) => {
    const file = path.join(dir, 'slow/index.html');
    writeFileSync(file, readFileSync(file, 'utf8').replace('ships within two days.', 'ships within 48 hours.'));
  }),
};

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png' };
/** A static server of one build on a free loopback port. */
function serve(dir) {
  const server = http.createServer((req, res) => {
    let file = path.join(dir, decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (file.endsWith('/')) file = path.join(file, 'index.html');
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${server.address().port}`, server })));
}
const servers = Object.fromEntries(await Promise.all(Object.entries(builds).map(async ([name, dir]) => [name, await serve(dir)])));

const { $schema: _, bundles: __, ...budgets } = JSON.parse(readFileSync(path.join(root, 'budgets.json'), 'utf8'));
const budgetsFile = path.join(work, 'budgets.json');
writeFileSync(budgetsFile, JSON.stringify(budgets));
const pagesFile = (site, extra = {}) => {
  const file = path.join(work, `pages-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      baseUrl: site,
      formFactor: 'mobile',
      blockedUrlPatterns: ['*/rum'],
      ...extra,
      pages: pageNames.map((name) => ({ name, path: PATHS[name] })),
    }),
  );
  return file;
};

const burners = new Set();
process.on('exit', () => {
  for (const burner of burners) burner.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

/** One perfgate run; `burnAfterMs` starts a CPU-burning process that long after the start, until the run ends. */
function perfgate(args, burnAfterMs = null) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [path.join(root, 'dist/cli.js'), 'run', ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stderr = '';
    let burner = null;
    const neighbours = [];
    const timer =
      burnAfterMs === null
        ? null
        : setTimeout(() => {
            for (let b = 0; b < burnerCount; b++) {
              burner = spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' });
              burners.add(burner);
              neighbours.push(burner);
            }
          }, burnAfterMs);
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      for (const b of neighbours) {
        b.kill('SIGKILL');
        burners.delete(b);
      }
      if (code !== 0 && code !== 1) return reject(new Error(`perfgate run exited ${code}:\n${stderr.slice(-2000)}`));
      resolve({ seconds: Number(process.hrtime.bigint() - started) / 1e9, burned: burner !== null });
    });
  });
}

const read = (out) => JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8'));
const changed = (results, verdict) => (results.comparison?.metrics ?? []).filter((m) => m.verdict === verdict).map((m) => `${m.page} ${m.label}`);
const random = lcg(42);
const log = path.join(work, 'log.jsonl');
const rows = [];

console.log(
  `perfgate bench:verdict: ${comparisons} comparisons per scenario, pages ${pageNames.join(', ')}${withFlows ? ' and the user flow (folder scenarios)' : ''}; work folder ${work}`,
);
for (const scenario of scenarios) {
  const head = scenario === 'quiet' || scenario === 'noisy' || scenario === 'identical' ? 'same' : scenario;
  for (let i = 1; i <= comparisons; i++) {
    if (scenario === 'identical' || scenario === 'sale-text') {
      await folders(scenario, i);
      continue;
    }
    // The noisy neighbour starts somewhere in the first half of a typical side-by-side run.
    const burnAfterMs = scenario === 'noisy' ? Math.round(10_000 + random() * 40_000) : null;
    const out = path.join(work, `${scenario}-${i}`);
    const run = await perfgate(
      [
        '--pages',
        pagesFile(servers[head].url, { sampling: { minRuns: 5, maxRuns: 15 } }),
        '--budgets',
        budgetsFile,
        '--out',
        out,
        '--base-url',
        servers.base.url,
      ],
      burnAfterMs,
    );
    const results = read(out);
    const row = {
      scenario,
      path: 'side by side',
      i,
      seconds: run.seconds,
      burned: run.burned,
      runs: Object.fromEntries(results.pages.map((p) => [p.name, p.measuredRuns])),
      regressed: changed(results, 'regressed'),
      improved: changed(results, 'improved'),
      inconclusive: changed(results, 'inconclusive'),
      sale: Object.fromEntries(
        results.comparison.metrics.filter((m) => m.page === 'sale').map((m) => [m.label, `${Math.round(m.base)} → ${Math.round(m.current)}`]),
      ),
    };
    rows.push(row);
    appendFileSync(log, `${JSON.stringify(row)}\n`);
    console.log(
      `${scenario} side by side #${i}: ${run.seconds.toFixed(0)} s, runs ${JSON.stringify(row.runs)}, regressed [${row.regressed.join(', ')}], improved [${row.improved.join(', ')}], inconclusive [${row.inconclusive.join(', ')}]${run.burned ? ', CPU burner ran' : ''}`,
    );
    if (scenario !== 'quiet' && scenario !== 'noisy') continue;
    // The stored-results path, for contrast: the base alone while quiet, then the head alone (with the neighbour when noisy).
    const baseOut = path.join(work, `stored-base-${i}`);
    const first = await perfgate(['--pages', pagesFile(servers.base.url, { runs: 5 }), '--budgets', budgetsFile, '--out', baseOut]);
    const headOut = path.join(work, `stored-head-${i}`);
    const second = await perfgate(
      ['--pages', pagesFile(servers.same.url, { runs: 5 }), '--budgets', budgetsFile, '--out', headOut, '--base', path.join(baseOut, 'results.json')],
      scenario === 'noisy' ? Math.round(random() * 20_000) : null,
    );
    const stored = read(headOut);
    const storedRow = {
      scenario,
      path: 'stored results',
      i,
      seconds: first.seconds + second.seconds,
      burned: second.burned,
      runs: Object.fromEntries(stored.pages.map((p) => [p.name, p.measuredRuns])),
      regressed: changed(stored, 'regressed'),
      improved: changed(stored, 'improved'),
      inconclusive: changed(stored, 'inconclusive'),
      benchmarkIndex: [read(baseOut).environment.benchmarkIndex, stored.environment.benchmarkIndex].map(Math.round),
    };
    rows.push(storedRow);
    appendFileSync(log, `${JSON.stringify(storedRow)}\n`);
    console.log(
      `${scenario} stored results #${i}: ${storedRow.seconds.toFixed(0)} s (two 5-run measurements), regressed [${storedRow.regressed.join(', ')}], improved [${storedRow.improved.join(', ')}], benchmarkIndex ${storedRow.benchmarkIndex.join(' then ')}`,
    );
  }
}
for (const { server } of Object.values(servers)) server.close();

/**
 * Comparison i of a scenario given as folders (identical: the same bytes; sale-text: the sale page's
 * text changed): the build and the base's as two folders (perfgate serves both), side by side asked
 * for with --base-dir; then the same two folders measured apart, 5 runs each (the second with
 * --base), as the stored-results path measures them.
 */
async function folders(scenario, i) {
  const headBuild = scenario === 'identical' ? builds.same : builds[scenario];
  const folderPages = (dir, extra) => {
    const file = path.join(work, `pages-${Math.random().toString(36).slice(2)}.json`);
    const pages = pageNames.map((name) => ({ name, path: PATHS[name] }));
    writeFileSync(
      file,
      JSON.stringify({ staticDir: dir, formFactor: 'mobile', blockedUrlPatterns: ['*/rum'], ...extra, pages, ...(withFlows ? { flows: FLOWS } : {}) }),
    );
    return file;
  };
  const out = path.join(work, `${scenario}-${i}`);
  const run = await perfgate([
    '--pages',
    folderPages(headBuild, { sampling: { minRuns: 5, maxRuns: 15 } }),
    '--budgets',
    budgetsFile,
    '--out',
    out,
    '--base-dir',
    builds.base,
  ]);
  const results = read(out);
  const row = {
    scenario,
    path: 'side by side',
    i,
    seconds: run.seconds,
    burned: false,
    runs: Object.fromEntries(results.pages.map((p) => [p.name, p.measuredRuns])),
    regressed: changed(results, 'regressed'),
    improved: changed(results, 'improved'),
    inconclusive: changed(results, 'inconclusive'),
    identical: Boolean(results.identicalBase),
    sameFiles: results.pages.filter((p) => p.identicalBase).map((p) => p.name),
  };
  const baseOut = path.join(work, `${scenario}-base-${i}`);
  const first = await perfgate(['--pages', folderPages(builds.base, { runs: 5 }), '--budgets', budgetsFile, '--out', baseOut]);
  const headOut = path.join(work, `${scenario}-head-${i}`);
  const second = await perfgate([
    '--pages',
    folderPages(headBuild, { runs: 5 }),
    '--budgets',
    budgetsFile,
    '--out',
    headOut,
    '--base',
    path.join(baseOut, 'results.json'),
  ]);
  const fixed = read(headOut);
  const fixedRow = {
    scenario,
    path: 'stored results',
    i,
    seconds: first.seconds + second.seconds,
    burned: false,
    runs: Object.fromEntries(fixed.pages.map((p) => [p.name, p.measuredRuns])),
    regressed: changed(fixed, 'regressed'),
    improved: changed(fixed, 'improved'),
    inconclusive: changed(fixed, 'inconclusive'),
  };
  for (const r of [row, fixedRow]) {
    rows.push(r);
    appendFileSync(log, `${JSON.stringify(r)}\n`);
  }
  console.log(
    `${scenario} #${i}: --base-dir ${run.seconds.toFixed(0)} s (${row.identical ? 'found identical, measured once' : `side by side; same files on both builds: ${row.sameFiles.join(', ') || 'none'}`}, runs ${JSON.stringify(row.runs)}, regressed [${row.regressed.join(', ')}], improved [${row.improved.join(', ')}], inconclusive [${row.inconclusive.join(', ')}]); two 5-run measurements ${fixedRow.seconds.toFixed(0)} s; ratio ${(run.seconds / fixedRow.seconds).toFixed(2)}x`,
  );
}

const summary = (list) => {
  const n = list.length;
  const runs = list.flatMap((r) => Object.values(r.runs));
  return {
    comparisons: n,
    'with a regression': list.filter((r) => r.regressed.length > 0).length,
    'with an improvement': list.filter((r) => r.improved.length > 0).length,
    'sale regressed': list.filter((r) => r.regressed.some((m) => m.startsWith('sale '))).length,
    'mean runs per page (per side)': runs.length ? Number((runs.reduce((a, b) => a + b, 0) / runs.length).toFixed(1)) : 0,
    'mean wall time (s)': Math.round(list.reduce((a, r) => a + r.seconds, 0) / n),
  };
};
console.log('\nSummary');
const table = {};
for (const scenario of scenarios) {
  for (const p of ['side by side', 'stored results']) {
    const list = rows.filter((r) => r.scenario === scenario && r.path === p);
    if (list.length > 0) table[`${scenario}, ${p}`] = summary(list);
  }
}
console.table(table);
console.log(`every comparison: ${log}`);
