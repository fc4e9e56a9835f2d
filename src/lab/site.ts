import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Site } from '../config/model.js';
import { UserError } from '../errors.js';
import { isFolder } from '../is-folder.js';
import { FILE_EXTENSION } from './app-route.js';

/** A reachable site: the URL page paths resolve against, and how to stop it. */
export interface RunningSite {
  baseUrl: string | null;
  stop(): Promise<void>;
  /**
   * A folder served by perfgate: the URL paths it was asked for since the last call (each once,
   * percent-encoded as requested, without query), whoever asked (a page, a frame, a worker, Chrome).
   */
  askedPaths?(): Promise<string[]>;
}

const START_TIMEOUT_MS = 60_000;
const require = createRequire(import.meta.url);

/**
 * Starts (or just points at) a site: that of pages.json, or the base's of `--base-*`. `urlKey` is
 * what a start command's URL is called in messages.
 */
export async function startSite(site: Site, configFile: string, urlKey = '"url" in pages.json'): Promise<RunningSite> {
  switch (site.kind) {
    case 'none':
      return { baseUrl: null, stop: async () => undefined };
    case 'baseUrl':
      return { baseUrl: site.baseUrl, stop: async () => undefined };
    case 'static':
      return serveDir(site.dir, configFile, site.singlePageApplication ?? false);
    case 'command':
      return startCommand(site.command, site.url, site.cwd, urlKey);
  }
}

/**
 * The static server, run in a worker thread: CommonJS with the packages' resolved paths passed in.
 * It answers the way Lighthouse CI's staticDistDir does (serve-static behind gzip compression); for
 * a single-page app, a path naming no file and without a file extension gets index.html, as from
 * a history fallback (Lighthouse CI's isSinglePageApplication answers every unknown path so).
 */
const STATIC_SERVER = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const gzip = require(workerData.modules.compression)();
const files = require(workerData.modules.serveStatic)(workerData.dir);
const finalhandler = require(workerData.modules.finalhandler);
// The path of a file (src/lab/app-route.ts): any other path is a single-page app's route.
const fileExtension = new RegExp(workerData.fileExtension);
// Every path asked for since the main thread last asked (it asks between runs, never during one).
let asked = new Set();
parentPort.on('message', () => {
  parentPort.postMessage([...asked]);
  asked = new Set();
});
const server = http.createServer((req, res) => {
  // As a browser's URL has it (what Lighthouse lists for pages), so that both are looked up alike.
  const pathname = URL.canParse(req.url || '/', 'http://x') ? new URL(req.url || '/', 'http://x').pathname : String(req.url);
  asked.add(pathname);
  const done = finalhandler(req, res);
  // A single-page app's route (a path naming no file, without a file extension) gets the app's index.html.
  const route = workerData.singlePageApplication && (req.method === 'GET' || req.method === 'HEAD') && !fileExtension.test(pathname);
  const app = (error) => {
    if (error || !route) return done(error);
    req.url = '/index.html';
    files(req, res, done);
  };
  gzip(req, res, (error) => (error ? done(error) : files(req, res, app)));
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
`;

/**
 * Serves a folder on a free loopback port, as Lighthouse CI's staticDistDir does, so that transfer
 * sizes match between the two tools. The server runs in its own thread: Lighthouse's work on the
 * main thread (protocol messages, trace processing) then never delays a response, just as LHCI's
 * server runs in another process than Lighthouse. (In the main thread, the small example pages
 * were sometimes served in about 20 ms instead of under 6.)
 */
export async function serveDir(dir: string, configFile = 'pages.json', singlePageApplication = false): Promise<RunningSite> {
  if (!isFolder(dir)) {
    throw new UserError(`${configFile}: staticDir ${dir} is not a folder. Build the site first, or fix "staticDir".`);
  }
  const modules = { compression: require.resolve('compression'), serveStatic: require.resolve('serve-static'), finalhandler: require.resolve('finalhandler') };
  const worker = new Worker(STATIC_SERVER, {
    eval: true,
    workerData: { dir: path.resolve(dir), modules, singlePageApplication, fileExtension: FILE_EXTENSION.source },
  });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the static server stopped (exit code ${code})`)));
    });
    // A later failure of the server thread shows as pages that fail to load, each reported.
    worker.on('error', () => undefined);
    let stopped = false;
    worker.once('exit', () => {
      stopped = true;
    });
    // A thread that has stopped answers no message: asking it would wait for good.
    const askedPaths = () =>
      new Promise<string[]>((resolve, reject) => {
        const gone = () => reject(new Error('the static server stopped'));
        if (stopped) return gone();
        worker.once('exit', gone);
        worker.once('message', (paths: string[]) => {
          worker.off('exit', gone);
          resolve(paths);
        });
        worker.postMessage('asked');
      });
    return { baseUrl: `http://127.0.0.1:${port}`, stop: async () => void (await worker.terminate()), askedPaths };
  } catch (error) {
    await worker.terminate();
    throw error;
  }
}

/** Runs the site's start command in its own process group and waits until its URL answers. */
async function startCommand(command: string, url: string, cwd: string, urlKey: string): Promise<RunningSite> {
  const child = spawn(command, { shell: true, cwd, detached: process.platform !== 'win32', stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-2000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const stop = () => stopProcessGroup(child);
  const started = Date.now();
  while (Date.now() - started < START_TIMEOUT_MS) {
    if (child.exitCode !== null) {
      throw new UserError(`The site command "${command}" exited with code ${child.exitCode} before ${url} answered.\n${output.trim()}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await response.body?.cancel();
      return { baseUrl: url, stop };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  await stop();
  throw new UserError(`The site command "${command}" did not answer at ${url} within ${START_TIMEOUT_MS / 1000} s. Check ${urlKey}.\n${output.trim()}`);
}

async function stopProcessGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-(child.pid as number), name);
    } catch {
      child.kill(name);
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}
