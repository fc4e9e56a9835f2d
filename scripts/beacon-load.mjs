// Shared by the collector benchmarks: start a server process, and load it with beacons over loopback.
import { spawn } from 'node:child_process';
import autocannon from 'autocannon';

const UA = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36';

/** A command-line flag's number: `--name N`, else the fallback. */
export const numberFlag = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};

/** Spawns `node args`, resolving once its output matches `ready` (group 1: its URL). */
export function start(args, ready) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const onData = (d) => {
      output += d;
      const match = ready.exec(output);
      if (match) resolve({ child, url: match[1], exited: new Promise((done) => child.on('exit', done)) });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    setTimeout(() => reject(new Error(`did not start:\n${output}`)), 15000).unref();
  });
}

let sequence = 0;
const body = () =>
  JSON.stringify({
    v: 1,
    release: 'bench',
    metrics: [
      {
        name: 'LCP',
        value: 1000 + (sequence % 3000),
        delta: 1000,
        id: `v5-bench-${process.pid}-${++sequence}`,
        rating: 'good',
        navigationType: 'navigate',
        page: `page-${sequence % 20}`,
      },
    ],
  });

/**
 * Loads a server's POST /rum with one-metric beacons: `amount` requests, or for `duration` seconds.
 * autocannon notices that `amount` is reached only at its next one-second tick, so its own duration
 * rounds up to whole seconds; `seconds` here is the time from the start to the last response.
 */
export function loadBeacons(url, { connections, amount, duration }) {
  return new Promise((resolve, reject) => {
    let started = 0;
    let last = 0;
    const instance = autocannon(
      {
        url: `${url}/rum`,
        connections,
        ...(amount ? { amount } : { duration }),
        timeout: 10,
        method: 'POST',
        headers: { 'content-type': 'text/plain;charset=UTF-8', 'user-agent': UA, origin: url },
        requests: [{ setupRequest: (request) => ({ ...request, body: body() }) }],
      },
      (error, result) => (error ? reject(error) : resolve({ ...result, seconds: (last - started) / 1000 })),
    );
    instance.on('start', () => (started = performance.now()));
    instance.on('response', () => (last = performance.now()));
  });
}
