import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { clearEarlierRuns } from '../../src/lab/clear-earlier-runs.js';
import { tempDir } from '../helpers.js';

describe('clearEarlierRuns: what an earlier perfgate run left in its output folder', () => {
  it('deletes every file named as perfgate names its runs, reports and traces, and the files about them, and nothing else', async () => {
    const out = tempDir();
    const written = {
      runs: [
        'home-1.json',
        'home-12.json',
        'home-base-3.json',
        'checkout-2-1.json',
        'home-1.trace.json',
        'filter-products-2.flow.json',
        'filter-products-base-1.flow.step-2.trace.json',
      ],
      reports: [
        'home.report.json',
        'home.report.html',
        'home.base.report.html',
        'home.trace.json',
        'home.base.trace.json',
        'filter-products.flow.html',
        'filter-products.base.flow.json',
        'filter-products.flow.step-3.trace.json',
        'filter-products.base.flow.step-1.trace.json',
      ],
    };
    const theirs = {
      runs: ['notes.txt', 'Home-1.json', 'home.json', 'home-1.json.bak'],
      reports: ['summary.json', 'index.html', 'home.report.pdf', 'home.flow.step-x.trace.json'],
    };
    for (const folder of ['runs', 'reports'] as const) {
      mkdirSync(path.join(out, folder));
      for (const name of [...written[folder], ...theirs[folder]]) writeFileSync(path.join(out, folder, name), '{}');
    }
    // Beside them, what the earlier run wrote about its runs, and a user's own file.
    for (const name of ['results.json', 'manifest.json', 'assertion-results.json', 'lhci-links.json', 'notes.md']) writeFileSync(path.join(out, name), '{}');
    await clearEarlierRuns(out);
    expect(readdirSync(path.join(out, 'runs')).sort()).toEqual([...theirs.runs].sort());
    expect(readdirSync(path.join(out, 'reports')).sort()).toEqual([...theirs.reports].sort());
    expect(readdirSync(out).sort()).toEqual(['notes.md', 'reports', 'runs']);
  });

  it('is nothing to do in a folder that has no runs/ or reports/ yet', async () => {
    const out = tempDir();
    await clearEarlierRuns(out);
    expect(readdirSync(out)).toEqual([]);
  });
});
