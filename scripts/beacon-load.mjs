// Shared by the collector benchmarks: load a server with beacons over loopback.
import http from 'node:http';
import autocannon from 'autocannon';

const UA = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36';

/** A command-line flag's number: `--name N`, else the fallback. */
export const numberFlag = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};

let sequence = 0;
/** LCP elements as the attribution build names them: 15 per page, more than the 10 a day keeps (the rest count as (other)). */
const TARGETS = Array.from({ length: 15 }, (_, i) => `html>body>main>section.s${i}>img.hero`);
const body = (attribution = false) =>
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
        ...(attribution ? { attribution: { target: TARGETS[Math.floor(sequence / 20) % TARGETS.length] } } : {}),
      },
    ],
  });

/**
 * Loads a server's POST /rum with one-metric beacons (with `attribution`, as the attribution build
 * sends them: an LCP element each): `amount` requests, or for `duration` seconds.
 * autocannon notices that `amount` is reached only at its next one-second tick, so its own duration
 * rounds up to whole seconds; `seconds` here is the time from the start to the last response.
 */
export function loadBeacons(url, { connections, amount, duration, attribution = false }) {
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
        requests: [{ setupRequest: (request) => ({ ...request, body: body(attribution) }) }],
      },
      (error, result) => (error ? reject(error) : resolve({ ...result, seconds: (last - started) / 1000 })),
    );
    instance.on('start', () => (started = performance.now()));
    instance.on('response', () => (last = performance.now()));
  });
}

/**
 * An open loop: one-metric beacons arriving as a Poisson process at `rate` per second for `duration`
 * seconds, whatever the server's answers (browsers do not wait for one another). Each latency is
 * counted from the request's scheduled time, so a server that falls behind shows it (no coordinated
 * omission). Bounded: at most rate × duration requests, and every request times out after 10 s.
 */
export async function loadBeaconsAtRate(url, { rate, duration, seed = 1 }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const target = new URL(`${url}/rum`);
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const latencies = [];
  const codes = {};
  let errors = 0;
  const send = (scheduled) =>
    new Promise((resolve) => {
      const payload = body();
      const request = http.request(
        target,
        {
          method: 'POST',
          agent,
          timeout: 10_000,
          headers: { 'content-type': 'text/plain;charset=UTF-8', 'user-agent': UA, origin: url, 'content-length': Buffer.byteLength(payload) },
        },
        (response) => {
          response.resume();
          response.on('end', () => {
            latencies.push(performance.now() - scheduled);
            codes[response.statusCode] = (codes[response.statusCode] ?? 0) + 1;
            resolve();
          });
        },
      );
      request.on('timeout', () => request.destroy(new Error('timeout')));
      request.on('error', () => {
        errors++;
        resolve();
      });
      request.end(payload);
    });
  const started = performance.now();
  const end = started + duration * 1000;
  const pending = [];
  let next = started;
  while (next < end) {
    const now = performance.now();
    while (next <= now && next < end) {
      pending.push(send(next));
      next += (-Math.log(1 - random()) / rate) * 1000;
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(next - performance.now(), 5))));
  }
  await Promise.all(pending);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] : Number.NaN);
  return { sent: pending.length, codes, errors, p50: at(0.5), p99: at(0.99), max: latencies.at(-1) ?? Number.NaN };
}
