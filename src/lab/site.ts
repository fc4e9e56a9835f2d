import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import compression from 'compression';
import finalhandler from 'finalhandler';
import serveStatic from 'serve-static';
import type { Site } from '../config/model.js';
import { UserError } from '../errors.js';

/** A reachable site: the URL page paths resolve against, and how to stop it. */
export interface RunningSite {
  baseUrl: string | null;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 60_000;

/** Starts (or just points at) the site of pages.json. */
export async function startSite(site: Site, configFile: string): Promise<RunningSite> {
  switch (site.kind) {
    case 'none':
      return { baseUrl: null, stop: async () => undefined };
    case 'baseUrl':
      return { baseUrl: site.baseUrl, stop: async () => undefined };
    case 'static':
      return serveDir(site.dir, configFile);
    case 'command':
      return startCommand(site.command, site.url, site.cwd);
  }
}

/**
 * Serves a folder on a free loopback port the way Lighthouse CI's staticDistDir does
 * (serve-static behind gzip compression), so transfer sizes match between the two tools.
 */
export async function serveDir(dir: string, configFile = 'pages.json'): Promise<RunningSite> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new UserError(`${configFile}: staticDir ${dir} is not a folder. Build the site first, or fix "staticDir".`);
  }
  const gzip = compression();
  const files = serveStatic(dir);
  const server = http.createServer((req, res) => {
    const done = finalhandler(req, res);
    gzip(req as never, res as never, (error?: unknown) => (error ? done(error) : files(req, res, done)));
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Runs the site's start command in its own process group and waits until its URL answers. */
async function startCommand(command: string, url: string, cwd: string): Promise<RunningSite> {
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
  throw new UserError(`The site command "${command}" did not answer at ${url} within ${START_TIMEOUT_MS / 1000} s. Check "url" in pages.json.\n${output.trim()}`);
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
