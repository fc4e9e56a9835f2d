import type { BuildDigest } from '../types.js';
import { servedAlike } from './served-alike.js';

/**
 * For side-by-side runs of two built folders: what a user flow asked this build's server for, as
 * runner's `flowServedAlike` takes it. `start` forgets what was asked before; `alike` gives the
 * digest of every path asked for since, when the base's folder serves each alike, else null. A
 * server that cannot say (its thread stopped) makes it null from then on: the flow is measured on
 * both builds, and its runs' failures to load are reported as theirs.
 */
export function askedAlike(
  askedPaths: () => Promise<string[]>,
  baseDir: string,
  headDir: string,
  singlePageApplication = false,
): { start(): Promise<void>; alike(): Promise<BuildDigest | null> } {
  let paths = new Set<string>();
  let known = true;
  const asked = () =>
    askedPaths().catch(() => {
      known = false;
      return [];
    });
  return {
    start: async () => {
      await asked();
      paths = new Set();
    },
    alike: async () => {
      for (const p of await asked()) paths.add(p);
      if (!known) return null;
      // Nothing asked for: what the flow loaded is not known.
      if (paths.size === 0) return null;
      const outcome = servedAlike([...paths].sort(), baseDir, headDir, singlePageApplication);
      return 'alike' in outcome ? outcome.alike : null;
    },
  };
}
