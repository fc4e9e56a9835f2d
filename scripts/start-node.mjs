// Shared by the benchmarks and the field demo: start a Node server process and wait for its URL.
import { spawn } from 'node:child_process';

/**
 * Spawns `node args` (with `env` added to this process's, in `cwd`), resolving once its output
 * matches `ready` (group 1: its URL) with the child, the URL and a promise of its exit code;
 * rejects when it exits first or has not matched within 20 s, with what it printed.
 */
export function start(args, ready, { env = {}, cwd } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise((done) => child.on('exit', done));
    let output = '';
    const onData = (d) => {
      output += d;
      const match = ready.exec(output);
      if (match) resolve({ child, url: match[1], exited });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    exited.then((code) => reject(new Error(`${args.join(' ')} exited (${code}) before it was ready:\n${output}`)));
    setTimeout(() => reject(new Error(`${args.join(' ')} did not start within 20 s:\n${output}`)), 20_000).unref();
  });
}
