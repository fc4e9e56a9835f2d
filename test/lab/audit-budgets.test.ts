import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { chromeProcessesUnder, type CliResult, EXAMPLE_DIST, runCli, tempDir, writeJson } from '../helpers.js';
import { readResults } from '../results-schema.js';

/**
 * Audit budgets in real Chromium: audits outside the performance category run without their
 * categories (Lighthouse's onlyAudits), and each option of each audit is one budget.
 */
describe('audit budgets in perfgate run', () => {
  let dir: string;
  let result: CliResult;
  // biome-ignore lint/suspicious/noExplicitAny: results.json read as JSON, checked against its schema by readResults
  let results: Record<string, any>;

  beforeAll(async () => {
    dir = tempDir();
    const pages = writeJson(dir, 'pages.json', { staticDir: EXAMPLE_DIST, runs: 2, pages: [{ name: 'home', path: '/' }] });
    const budgets = writeJson(dir, 'budgets.json', {
      budgets: [
        {
          path: '/*',
          audits: {
            // The example has no favicon: Chrome logs its 404 as a console error in every run.
            'errors-in-console': { maxLength: 0 },
            // An SEO audit and a best-practices one, whose categories no budget asks for; all three are in Lighthouse 12.6 and 13.
            'document-title': { minScore: 1 },
            'total-byte-weight': { maxNumericValue: { warn: 5000, error: 1_000_000 } },
          },
        },
      ],
    });
    result = await runCli(['run', '--pages', pages, '--budgets', budgets, '--out', path.join(dir, 'out')]);
    results = readResults(path.join(dir, 'out'));
  }, 120_000);

  it('judges each option of each audit on the runs’ medians, in the audit’s own unit', () => {
    expect(result.code, result.stderr).toBe(1);
    const verdict = (id: string) => results.budgets.find((b: { id: string }) => b.id === id);
    expect(verdict('errors-in-console:maxLength')).toMatchObject({ kind: 'audit', unit: 'count', actual: 1, values: [1, 1], status: 'fail' });
    expect(verdict('document-title:minScore')).toMatchObject({ kind: 'audit', unit: 'score', operator: '>=', actual: 1, status: 'pass' });
    const weight = verdict('total-byte-weight:maxNumericValue');
    expect(weight).toMatchObject({ kind: 'audit', label: 'total-byte-weight value', unit: 'bytes', status: 'warn' });
    expect(weight.actual).toBeGreaterThan(5000);
    expect(weight.actual).toBeLessThan(100_000);
    expect(results.pages[0].audits['errors-in-console'].items.values).toEqual([1, 1]);
    expect(result.stdout).toMatch(/errors-in-console items\s+1\s+1 - 1\s+- \/ 0\s+✖ fail/);
  });

  it('runs those audits and no more categories than the budgets need', () => {
    const lhr = JSON.parse(readFileSync(path.join(dir, 'out/runs/home-1.json'), 'utf8'));
    expect(lhr.configSettings.onlyAudits).toEqual(['document-title', 'errors-in-console', 'total-byte-weight']);
    expect(Object.keys(lhr.categories)).toEqual(['performance']);
    expect(lhr.audits['document-title'].score).toBe(1);
  });

  it('runs the back/forward cache audit, which lab runs otherwise skip, when a budget names it', async () => {
    const pages = writeJson(dir, 'pages-bf.json', { staticDir: EXAMPLE_DIST, runs: 1, pages: [{ name: 'home', path: '/' }] });
    const budgets = writeJson(dir, 'bf-cache.json', { budgets: [{ path: '/*', audits: { 'bf-cache': { minScore: 0 } } }] });
    const run = await runCli(['run', '--pages', pages, '--budgets', budgets, '--out', path.join(dir, 'bf')]);
    expect(run.code, run.stderr).toBe(0);
    const lhr = JSON.parse(readFileSync(path.join(dir, 'bf/runs/home-1.json'), 'utf8'));
    expect(lhr.configSettings.skipAudits ?? []).toEqual([]);
    expect(lhr.audits['bf-cache'].scoreDisplayMode).not.toBe('error');
    expect(readResults(path.join(dir, 'bf')).budgets.find((b: { id: string }) => b.id === 'bf-cache:minScore')).toMatchObject({ status: 'pass' });
  }, 120_000);

  it('stops before measuring anything when an audit id is not one of Lighthouse’s, and says which it meant', async () => {
    const tmp = tempDir('perfgate-tmp-');
    const pages = writeJson(dir, 'pages.json', { staticDir: EXAMPLE_DIST, runs: 1, pages: [{ name: 'home', path: '/' }] });
    const budgets = writeJson(dir, 'typo.json', { budgets: [{ path: '/*', audits: { 'errors-in-consol': { maxLength: 0 } } }] });
    const typo = await runCli(['run', '--pages', pages, '--budgets', budgets, '--out', path.join(dir, 'typo')], { env: { TMPDIR: tmp } });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('audits.errors-in-consol: Lighthouse');
    expect(typo.stderr).toContain('did you mean "errors-in-console"?');
    expect(typo.stderr).not.toMatch(/\n\s+at /);
    expect(chromeProcessesUnder(tmp)).toEqual([]);
  });

  it('stops before measuring anything when pages.json skips an audit Lighthouse does not have (it would run the audit), and says which it meant', async () => {
    const tmp = tempDir('perfgate-tmp-');
    const pages = writeJson(dir, 'skip-typo.json', { staticDir: EXAMPLE_DIST, runs: 1, skipAudits: ['is-crawlabel'], pages: [{ name: 'home', path: '/' }] });
    const budgets = writeJson(dir, 'plain.json', { budgets: [{ path: '/*', timings: { 'first-contentful-paint': 30000 } }] });
    const typo = await runCli(['run', '--pages', pages, '--budgets', budgets, '--out', path.join(dir, 'skip-typo')], { env: { TMPDIR: tmp } });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain(`${pages}: 1 problem:\n  skipAudits: Lighthouse`);
    expect(typo.stderr).toContain('has no audit "is-crawlabel"\n    fix: did you mean "is-crawlable"?');
    expect(typo.stderr).not.toMatch(/\n\s+at /);
    expect(chromeProcessesUnder(tmp)).toEqual([]);
  });
});
