import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as estimoModule from 'estimo';

/** What @size-limit/time calibrates with: React 18.2.0's UMD build, and its running time on a Xiaomi Redmi 2 (s). */
const REFERENCE = { file: 'calibration/react-18.2.0.production.min.js', redmi2Seconds: 0.086 };
const RUNS = 3;

/**
 * The reference file, which the build copies into dist/calibration/ (perfgate ships it; no react at
 * run time): beside this module in the package, in dist/ when this runs from the sources.
 */
function referenceFile(): string {
  const candidates = [new URL(`./${REFERENCE.file}`, import.meta.url), new URL(`../dist/${REFERENCE.file}`, import.meta.url)].map((url) => fileURLToPath(url));
  const found = candidates.find((file) => existsSync(file));
  if (!found) throw new Error(`size-limit's calibration file is missing (${candidates[0]}); run npm run build`);
  return found;
}

/** estimo's index.d.ts declares a named, synchronous export; the module default-exports an async function. */
const estimo = (estimoModule as unknown as { default: (file: string) => Promise<Array<{ javaScript?: number }>> }).default;

/** Where @size-limit/time keeps its CPU-slowdown calibration (its own cache file). */
export function sizeLimitCacheFile(): string {
  const plugin = path.dirname(fileURLToPath(import.meta.resolve('@size-limit/time')));
  return path.join(plugin, '..', '.cache', 'size-limit', 'cache.json');
}

let calibrated: Promise<number> | undefined;

/**
 * @size-limit/time turns measured running times into "slow phone" times with a slowdown factor that
 * it calibrates by running React 18.2.0 fetched from unpkg.com. Without internet access that run
 * measures nothing and the factor comes out about twenty times too high. This runs the same
 * calibration on the identical file (shipped in dist/calibration/) and stores the factor in the
 * plugin's cache, once per process. Returns the factor.
 */
export function calibrateSizeLimitTime(): Promise<number> {
  calibrated ??= (async () => {
    const file = referenceFile();
    let seconds = 0;
    for (let i = 0; i < RUNS; i++) {
      const [trace] = await estimo(file);
      seconds += (trace?.javaScript ?? 0) / 1000;
    }
    const throttling = Math.max(1, Math.ceil(REFERENCE.redmi2Seconds / Math.max(seconds / RUNS, 0.001)));
    const cache = sizeLimitCacheFile();
    await mkdir(path.dirname(cache), { recursive: true });
    await writeFile(cache, JSON.stringify({ throttling, version: 1 }));
    return throttling;
  })();
  return calibrated;
}
