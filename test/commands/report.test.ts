import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadReview } from '../../src/commands/review.js';
import { commitStatus } from '../../src/report/commit-status.js';
import { renderConsole } from '../../src/report/console.js';
import { loadBudgets } from '../../src/config/load-budgets.js';
import { judgeRun } from '../../src/judge-run.js';
import type { Results } from '../../src/results.js';
import { LHR_A, LHR_B, runMain, tempDir, writeJson } from '../helpers.js';
import { CASES } from '../report/cases.js';
import { readResults } from '../results-schema.js';

/** A budgets file whose comparison settings differ from the defaults, with a regression budget on LCP. */
const BUDGETS = {
  budgets: [{ path: '/*', timings: { 'largest-contentful-paint': { warn: 2500, error: 4000 }, 'first-contentful-paint': { warn: 1800, error: 2500 } } }],
  comparison: {
    alpha: 0.1,
    minEffect: { relative: 0.02, ms: 20 },
    maxIncrease: { 'largest-contentful-paint': { warn: '5%', error: '10%' }, 'first-contentful-paint': '10%' },
  },
};

describe('perfgate report --base', () => {
  it('judges results.json against the base with budgets.json’s comparison settings and regression budgets, as run --base does', () => {
    const dir = tempDir();
    const budgetsFile = writeJson(dir, 'budgets.json', BUDGETS);
    const budgets = loadBudgets(budgetsFile);
    const head = CASES.regression!();
    const base = CASES.pass!();
    const made = { environment: head.environment, runsPerPage: head.runsPerPage, createdAt: head.createdAt, version: head.tool.version };
    const bundles = head.budgets.filter((v) => v.kind === 'bundle');
    const judge = (withBase: Results | null) =>
      judgeRun({ pages: head.pages, budgets: { rules: budgets.budgets, comparison: budgets.comparison }, verdicts: bundles, base: withBase, ...made });
    // What perfgate run --base writes, and what perfgate run without a base writes for report --base to read.
    const withBase = judge(base);
    writeJson(dir, 'results.json', judge(null));
    writeJson(dir, 'base.json', base);
    const reviewed = loadReview('results.json', 'base.json', dir);
    expect(reviewed.budgets).toEqual(withBase.budgets);
    expect(reviewed.comparison).toEqual(withBase.comparison);
    expect(reviewed.verdict).toBe(withBase.verdict);
    // The budgets' own settings were used: alpha 0.1 and the LCP regression budget, which fails on home.
    expect(reviewed.comparison?.settings.alpha).toBe(0.1);
    expect(reviewed.budgets.find((v) => v.page === 'home' && v.id === 'regression:largest-contentful-paint')).toMatchObject({ status: 'fail' });
    expect(reviewed.verdict).toBe('fail');
    // Without a budgets file: the page verdicts as results.json has them, the default comparison, no regression budgets.
    const bare = loadReview(path.join(dir, 'results.json'), path.join(dir, 'base.json'), tempDir());
    expect(bare.comparison?.settings.alpha).toBe(0.05);
    expect(bare.budgets.some((v) => v.kind === 'regression')).toBe(false);
  });

  it('keeps the comparison of results measured side by side, and says that --base is not used', async () => {
    const dir = tempDir();
    const sideBySide = CASES['side-by-side-regression']!();
    writeJson(dir, 'results.json', sideBySide);
    writeJson(dir, 'base.json', CASES.pass!());
    const warnings: string[] = [];
    const reviewed = loadReview('results.json', 'base.json', dir, 'budgets.json', (note) => warnings.push(note));
    expect(reviewed).toEqual(JSON.parse(readFileSync(path.join(dir, 'results.json'), 'utf8')));
    expect(reviewed.comparison?.base.measured).toBe('side by side');
    expect(warnings).toEqual([
      'perfgate: results.json was measured side by side with its base on one runner, so its comparison is its own; --base base.json is not used\n',
    ]);
    const report = await runMain(['report', '--results', 'results.json', '--base', 'base.json'], { cwd: dir });
    expect(report.code).toBe(0);
    expect(report.stderr).toContain('--base base.json is not used');
    expect(report.stdout).toContain('Side by side on this runner');
    // Without --base nothing is said.
    const plain = await runMain(['report', '--results', 'results.json'], { cwd: dir });
    expect(plain.stderr).toBe('');
    expect(plain.stdout).toBe(report.stdout);
  });

  it('gives the same results.json as assert --base on the same Lighthouse reports (in-process CLI)', async () => {
    const dir = tempDir();
    writeJson(dir, 'budgets.json', BUDGETS);
    const run = async (args: string[]) => {
      const result = await runMain(args, { cwd: dir });
      expect(result.code, result.stderr).not.toBe(2);
      return result;
    };
    await run(['assert', '--lhr', LHR_A, LHR_B, '--out', 'base']);
    await run(['assert', '--lhr', LHR_A, LHR_B, '--out', 'with-base', '--base', 'base/results.json']);
    await run(['assert', '--lhr', LHR_A, LHR_B, '--out', 'head']);
    const report = await run(['report', '--results', 'head/results.json', '--base', 'base/results.json', '--format', 'json']);
    expect(report.code).toBe(0);
    const reviewed = JSON.parse(report.stdout) as Results;
    const expected = JSON.parse(readFileSync(path.join(dir, 'with-base/results.json'), 'utf8')) as Results;
    expect(reviewed.budgets).toEqual(expected.budgets);
    expect(reviewed.comparison).toEqual(expected.comparison);
    expect(reviewed.budgets.filter((v) => v.kind === 'regression').length).toBeGreaterThan(0);
  });

  it('refuses to call a change "regressed" when the base was measured with another Lighthouse version, and says the versions differ', async () => {
    const dir = tempDir();
    writeJson(dir, 'budgets.json', BUDGETS);
    const budgets = loadBudgets(path.join(dir, 'budgets.json'));
    const head = CASES.regression!();
    const base = CASES.pass!();
    const made = { environment: head.environment, runsPerPage: head.runsPerPage, createdAt: head.createdAt, version: head.tool.version };
    const judge = (withBase: Results | null) =>
      judgeRun({ pages: head.pages, budgets: { rules: budgets.budgets, comparison: budgets.comparison }, verdicts: [], base: withBase, ...made });
    // The same results judged against a base of the same Lighthouse regress (the test above); of another, they are not judged.
    expect(judge(base).comparison?.metrics.some((m) => m.verdict === 'regressed')).toBe(true);
    const older = { ...base, pages: base.pages.map((p) => ({ ...p, lighthouseVersion: '11.7.1' })) };
    writeJson(dir, 'results.json', judge(null));
    writeJson(dir, 'base.json', older);
    const json = await runMain(['report', '--results', 'results.json', '--base', 'base.json', '--format', 'json'], { cwd: dir });
    // The results as report --format json writes them match the shipped schema (the new verdict and its versions included).
    const reviewedDir = tempDir('perfgate-reviewed-');
    writeFileSync(path.join(reviewedDir, 'results.json'), json.stdout);
    const reviewed = readResults(reviewedDir) as Results;
    const compared = reviewed.comparison?.metrics ?? [];
    expect(compared.length).toBeGreaterThan(0);
    expect(compared.every((m) => m.verdict === 'not comparable' && m.lighthouse?.base === '11.7.1')).toBe(true);
    expect(reviewed.budgets.filter((v) => v.kind === 'regression').every((v) => v.status === 'pass')).toBe(true);
    const markdown = await runMain(['report', '--results', 'results.json', '--base', 'base.json', '--format', 'md'], { cwd: dir });
    expect(markdown.stdout).toContain('not compared: measured with Lighthouse 11.7.1 (base) and');
    expect(markdown.stdout).toContain('The base was measured with another Lighthouse (Lighthouse 11.7.1 there,');
    expect(markdown.stdout).toContain('changes not judged (another Lighthouse version)');
    expect(renderConsole(reviewed, { color: false })).toContain('+401 ms (+32.8 %) not compared (measured with Lighthouse 11.7.1 (base) and');
    expect(commitStatus(reviewed).description).toBe('pass: all 8 budgets pass; not compared (Lighthouse versions differ)');
    expect(markdown.stdout).not.toContain('regressed');
  });

  it('reads .perfgate/results.json, where perfgate run writes it, when --results is not given; says how to make it when it is missing', async () => {
    const dir = tempDir();
    const missing = await runMain(['report'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(
      `${path.join(dir, '.perfgate/results.json')}: not found. perfgate run, assert, size and merge write results.json into their --out folder (.perfgate/ by default)`,
    );
    const comment = await runMain(['comment', '--dry-run'], { cwd: dir });
    expect(comment.code).toBe(2);
    expect(comment.stderr).toContain('.perfgate/results.json: not found.');
    mkdirSync(path.join(dir, '.perfgate'));
    writeJson(path.join(dir, '.perfgate'), 'results.json', CASES.pass!());
    const report = await runMain(['report'], { cwd: dir });
    expect(report.code, report.stderr).toBe(0);
    expect(report.stdout).toContain('## ✔ perfgate: all 13 budgets pass');
  });

  it('--artifact-url and --reports-base say where the HTML reports are; an artifact URL that is not one is exit 2', async () => {
    const dir = tempDir();
    writeJson(dir, 'results.json', CASES.pass!());
    const plain = await runMain(['report', '--results', 'results.json'], { cwd: dir });
    expect(plain.stdout).toContain('· report: `.perfgate/reports/home.report.html`');
    const artifact = await runMain(['report', '--results', 'results.json', '--artifact-url', 'https://github.com/a/b/actions/runs/1/artifacts/2'], {
      cwd: dir,
    });
    expect(artifact.code, artifact.stderr).toBe(0);
    expect(artifact.stdout).toContain("are in [this run's artifact](https://github.com/a/b/actions/runs/1/artifacts/2)");
    expect(artifact.stdout).toContain('· report: `reports/home.report.html`');
    const served = await runMain(['report', '--results', 'results.json', '--reports-base', 'https://ci.example.com/job/7/artifacts/file/.perfgate/'], {
      cwd: dir,
    });
    expect(served.stdout).toContain('· report: [`reports/home.report.html`](https://ci.example.com/job/7/artifacts/file/.perfgate/reports/home.report.html)');
    const wrong = await runMain(['comment', '--dry-run', '--results', 'results.json', '--artifact-url', 'artifacts/2'], { cwd: dir });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("option '--artifact-url <url>' argument 'artifacts/2' is invalid. expected an http(s) URL.");
  });

  it('says which pages the stored results lack, in results.json (schema checked) and the review', async () => {
    const dir = tempDir();
    const head = CASES.pass!();
    writeJson(dir, 'results.json', { ...head, comparison: undefined });
    // The stored base has the home page only: checkout was added to pages.json since.
    writeJson(dir, 'base.json', { ...head, pages: head.pages.filter((p) => p.name === 'home'), comparison: undefined });
    const json = await runMain(['report', '--results', 'results.json', '--base', 'base.json', '--format', 'json'], { cwd: dir });
    const reviewedDir = tempDir('perfgate-reviewed-');
    writeFileSync(path.join(reviewedDir, 'results.json'), json.stdout);
    const reviewed = readResults(reviewedDir) as Results;
    expect(reviewed.comparison?.withoutBase).toEqual([{ page: 'checkout', why: 'absent' }]);
    expect(new Set(reviewed.comparison?.metrics.map((m) => m.page))).toEqual(new Set(['home']));
    const markdown = await runMain(['report', '--results', 'results.json', '--base', 'base.json'], { cwd: dir });
    expect(markdown.stdout).toContain('| checkout (no base) | ✔ pass |');
    expect(markdown.stdout).toContain("Not compared: the base's stored results have no page of this name (added or renamed since they were made).");
  });
});
