import { execFileSync, spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunSample } from '../src/metrics.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const FIXTURES = path.resolve(ROOT, '../shared/fixtures/lhr');
export const LHR_A = path.join(FIXTURES, 'lh-12-0-0-coursehero-a.json');
export const LHR_B = path.join(FIXTURES, 'lh-12-0-0-coursehero-b.json');
export const CLI = path.join(ROOT, 'dist/cli.js');
export const EXAMPLE_DIST = path.join(ROOT, 'example/dist');
/** The Lighthouse the lab tests measure with: the devDependency, or Lighthouse 13 under `npm run test:lighthouse-13`. */
export const EXPECTED_LIGHTHOUSE: string =
  process.env.PERFGATE_EXPECT_LIGHTHOUSE ??
  (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies.lighthouse ??
  '';

/** Polls `check` every 25 ms until it holds; fails with `what` when `timeoutMs` passes first (a bounded wait for a condition, never a retry). */
export async function waitUntil(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Waits `ms` to show that something does NOT happen (no second batch, no error): the one kind of
 * wait that cannot poll for a condition. Everything else uses waitUntil.
 */
export const quietFor = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The folders `tempDir` made for this test file, removed after it (test/setup.ts). */
const madeDirs: string[] = [];

/** A fresh temporary folder, removed once its test file has run. */
export function tempDir(prefix = 'perfgate-test-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  madeDirs.push(dir);
  return dir;
}

/** Removes the folders `tempDir` made; PERFGATE_KEEP_TEST_DIRS=1 keeps them, to look into a failure. */
export function removeTempDirs(): void {
  if (process.env.PERFGATE_KEEP_TEST_DIRS) return;
  for (const dir of madeDirs.splice(0)) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

/** Processes whose command line mentions a folder (a test gives Chrome its own TMPDIR, which its profile path names). */
export function chromeProcessesUnder(dir: string): string[] {
  try {
    return execFileSync('pgrep', ['-af', dir], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

/** Writes JSON into a folder and returns the file's path. */
export function writeJson(dir: string, name: string, data: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, typeof data === 'string' ? data : JSON.stringify(data, null, 2));
  return file;
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the built perfgate CLI as a child process, like a user would. */
export function runCli(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; onStderr?: (text: string, child: ReturnType<typeof spawn>) => void } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      options.onStderr?.(stderr, child);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** A stream that keeps what is written to it, for a test to read while the command runs. */
export class Captured {
  text = '';
  isTTY = false;
  write(text: string): boolean {
    this.text += text;
    return true;
  }
}

/**
 * Runs perfgate's main() in this process with its own streams, folder and environment: what a user
 * would see, without a child process. Signals and the process's exit are runCli's (the built bin).
 */
export async function runMain(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; signal?: AbortSignal } = {}): Promise<CliResult> {
  const { main } = await import('../src/main.js');
  const stdout = new Captured();
  const stderr = new Captured();
  const code = await main(args, { stdout, stderr, env: { ...process.env, NO_COLOR: '1', ...options.env }, cwd: options.cwd ?? ROOT, signal: options.signal });
  return { code, signal: null, stdout: stdout.text, stderr: stderr.text };
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png' };

/** Starts a test's HTTP server on a free loopback port; its origin, `http://127.0.0.1:PORT`. */
export async function listenOnLoopback(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Answers a request for a file of the built example site (folders serve their index.html), or 404. */
export function serveExampleFile(pathname: string, res: ServerResponse): void {
  let file = path.join(EXAMPLE_DIST, pathname);
  if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
  if (!file.startsWith(EXAMPLE_DIST) || !existsSync(file)) {
    res.writeHead(404);
    res.end();
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
  createReadStream(file).pipe(res);
}

/** Runs `fn`, expecting it to throw a UserError; returns the error. */
export function userErrorOf(fn: () => unknown, UserErrorClass: new (...args: never[]) => Error): Error {
  try {
    fn();
  } catch (error) {
    if (error instanceof UserErrorClass) return error;
    throw error;
  }
  throw new Error('expected a config error');
}

const LHCI = path.join(ROOT, 'node_modules/@lhci/cli/src/cli.js');

/** Runs Lighthouse CI's CLI in a folder; its output with the colour codes stripped. */
export function runLhci(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [LHCI, ...args], { cwd, env: { ...process.env, ...env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    // LHCI colours its output whatever NO_COLOR says.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: strips the ANSI colour codes of lhci's output
    child.on('close', (code) => resolve({ code, output: output.replace(/\x1b\[[0-9;]*m/g, '') }));
  });
}

/** Lab settings of the runner tests: performance only, 30 s limits, no screenshot, no back/forward-cache audit. */
export const TEST_LAB_SETTINGS = {
  onlyCategories: ['performance' as const],
  maxWaitForFcp: 30_000,
  maxWaitForLoad: 30_000,
  blockedUrlPatterns: [],
  disableFullPageScreenshot: true as const,
  skipAudits: ['bf-cache'] as ['bf-cache'],
};

/** One Lighthouse 12.6.1 run as perfgate reads it (mobile, simulated throttling), with `fields` in place of the defaults (nothing measured). */
export const runSample = (fields: Partial<RunSample> = {}): RunSample => ({
  lighthouseVersion: '12.6.1',
  requestedUrl: '',
  finalUrl: '',
  fetchTime: '',
  runtimeError: null,
  metrics: {},
  scores: {},
  resources: {},
  environment: { benchmarkIndex: 1000, hostUserAgent: '', formFactor: 'mobile', throttlingMethod: 'simulate', throttling: null },
  ...fields,
});

/** The fix a config error prints under `key` (the line after `  key: ...`), or ''. */
export function fixOf(message: string, key: string): string {
  const where = key.replace(/[[\].]/g, '\\$&');
  return new RegExp(`\\n  ${where}: [^\\n]*\\n    fix: ([^\\n]*)`).exec(message)?.[1] ?? '';
}
