import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * The names of the files `perfgate run` writes, by folder of the output folder: each run's report
 * (`<page>-<n>.json`, `<page>-base-<n>.json`, a flow's `.flow.json`) and its trace while the
 * representative run is not known; the representative run's reports and traces.
 */
const WRITTEN: Record<'runs' | 'reports', RegExp> = {
  runs: /^[a-z0-9-]+-\d+(\.flow)?(\.step-\d+)?(\.trace)?\.json$/,
  reports: /^[a-z0-9-]+(\.base)?\.(report\.(json|html)|flow\.(json|html)|trace\.json|flow\.step-\d+\.trace\.json)$/,
};

/**
 * Deletes what an earlier `perfgate run` left in `outDir`'s runs/ and reports/, as `lhci collect`
 * clears .lighthouseci/: a page since removed, a run beyond this one's count, a trace kept with
 * --save-traces. Only files named as perfgate names them; anything else there is left alone.
 */
export async function clearEarlierRuns(outDir: string): Promise<void> {
  for (const [folder, written] of Object.entries(WRITTEN)) {
    const names = await readdir(path.join(outDir, folder)).catch(() => [] as string[]);
    for (const name of names) if (written.test(name)) await rm(path.join(outDir, folder, name), { force: true });
  }
}
