import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addToStepSummary, appendStepSummary } from '../../src/commands/step-summary.js';
import { tempDir } from '../helpers.js';

describe('the job summary: a line added under the review already there', () => {
  const job = () => {
    const dir = tempDir();
    const files = { GITHUB_STEP_SUMMARY: path.join(dir, 'summary.md'), GITHUB_ENV: path.join(dir, 'env') };
    writeFileSync(files.GITHUB_STEP_SUMMARY, '');
    writeFileSync(files.GITHUB_ENV, '');
    return { dir, files, summary: () => readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8') };
  };

  it('goes under the review this step wrote of the same results, after a blank line', () => {
    const { dir, files, summary } = job();
    const results = path.join(dir, '.perfgate/results.json');
    expect(appendStepSummary('## perfgate\n\n| page |', results, files)).toBe(true);
    expect(addToStepSummary('On Lighthouse CI: [home](https://lhci.example.com/a)\n', results, files)).toBe(true);
    expect(summary()).toBe('## perfgate\n\n| page |\n\nOn Lighthouse CI: [home](https://lhci.example.com/a)\n');
  });

  it('goes under a review an earlier step wrote (told through the environment), the results named by another path to the same file', () => {
    const { dir, files, summary } = job();
    const env = { ...files, PERFGATE_SUMMARY_WRITTEN: path.join(dir, '.perfgate/results.json') };
    expect(addToStepSummary('line', path.join(dir, '.perfgate/../.perfgate/results.json'), env)).toBe(true);
    expect(summary()).toBe('\nline\n');
  });

  it('is not added where no review of these results is in the summary (a later review holds it), nor outside GitHub Actions', () => {
    const { dir, files, summary } = job();
    appendStepSummary('## other review', path.join(dir, 'other/results.json'), files);
    expect(addToStepSummary('line', path.join(dir, '.perfgate/results.json'), files)).toBe(false);
    expect(summary()).toBe('## other review\n');
    expect(addToStepSummary('line', path.join(dir, 'other/results.json'), { PERFGATE_SUMMARY_WRITTEN: path.join(dir, 'other/results.json') })).toBe(false);
  });
});
