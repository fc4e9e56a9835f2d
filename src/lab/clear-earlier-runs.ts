import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { LHCI_LINKS_FILE } from '../report/lhci-page-links.js';

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
 * What an earlier run wrote beside them, about its runs: its results, Lighthouse CI's manifest and
 * assertion results, and the links `perfgate upload` kept of them. A run that stops before it writes
 * its own must not leave these to a later review as if they were its.
 */
const ABOUT_THE_RUNS = ['results.json', 'manifest.json', 'assertion-results.json', LHCI_LINKS_FILE];

/**
 * Deletes what an earlier `perfgate run` left in `outDir`, as `lhci collect` clears .lighthouseci/:
 * in runs/ and reports/ a page since removed, a run beyond this one's count, a trace kept with
 * --save-traces (only files named as perfgate names them; anything else there is left alone); beside
 * them, the files about those runs. (A `--base` there has been read before.)
 */
export async function clearEarlierRuns(outDir: string): Promise<void> {
  for (const [folder, written] of Object.entries(WRITTEN)) {
    const names = await readdir(path.join(outDir, folder)).catch(() => [] as string[]);
    for (const name of names) if (written.test(name)) await rm(path.join(outDir, folder, name), { force: true });
  }
  for (const name of ABOUT_THE_RUNS) await rm(path.join(outDir, name), { force: true });
}
