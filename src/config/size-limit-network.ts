import type { ConfigProblem } from '../errors.js';
import type { BundleNetwork } from './model.js';
import { parseDuration, parseSize } from './units.js';

const FIX = 'write "time": { "networkSpeed": "1.5 MB", "latency": "150 ms", "loadingMessage": "on fast 4G" }';

/**
 * A size-limit check's `time` option: the network its loading time is computed on instead of slow 3G,
 * read as size-limit reads it (`networkSpeed` a size per second, `latency` in ms or s, or seconds as a
 * bare number; `loadingMessage` what the network is called). Null, with a problem, when it does not parse.
 */
export function sizeLimitNetwork(time: unknown, where: string, problems: ConfigProblem[]): BundleNetwork | null {
  if (typeof time !== 'object' || time === null || Array.isArray(time)) {
    problems.push({ where, what: `${JSON.stringify(time)} is not a network`, fix: FIX });
    return null;
  }
  const { networkSpeed, latency, loadingMessage, ...rest } = time as Record<string, unknown>;
  for (const key of Object.keys(rest)) problems.push({ where: `${where}.${key}`, what: `unknown option "${key}"`, fix: FIX });
  const speed = networkSpeed === undefined ? null : typeof networkSpeed === 'string' || typeof networkSpeed === 'number' ? parseSize(networkSpeed) : null;
  if (networkSpeed !== undefined && !speed)
    problems.push({ where: `${where}.networkSpeed`, what: `${JSON.stringify(networkSpeed)} is not a size per second`, fix: FIX });
  const latencyMs =
    latency === undefined
      ? 0
      : typeof latency === 'number'
        ? latency * 1000
        : typeof latency === 'string'
          ? (parseDuration(latency) ?? (Number.isFinite(Number(latency)) ? Number(latency) * 1000 : null))
          : null;
  if (latencyMs === null || latencyMs < 0) problems.push({ where: `${where}.latency`, what: `${JSON.stringify(latency)} is not a time`, fix: FIX });
  if (loadingMessage !== undefined && typeof loadingMessage !== 'string') problems.push({ where: `${where}.loadingMessage`, what: 'is not text', fix: FIX });
  return {
    bytesPerSecond: speed ?? null,
    latencyMs: latencyMs ?? 0,
    message: typeof loadingMessage === 'string' ? loadingMessage : null,
  };
}
