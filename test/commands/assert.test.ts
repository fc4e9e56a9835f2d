import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { program } from '../../src/main.js';
import { median } from '../../src/stats.js';
import { FIXTURES, LHR_A, LHR_B, ROOT, runMain, tempDir, writeJson } from '../helpers.js';
import { readResults } from '../results-schema.js';

const reports = [LHR_A, LHR_B].map((f) => JSON.parse(readFileSync(f, 'utf8')));
const numeric = (id: string) => reports.map((r) => r.audits[id].numericValue as number);

describe('perfgate assert over the real Lighthouse reports', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir();
  });

  it('extracts the reports’ own values and fails the budgets they break (exit 1)', async () => {
    const budgets = writeJson(dir, 'budgets.json', {
      budgets: [
        {
          path: '/*',
          timings: { 'largest-contentful-paint': { warn: 2500, error: 4000 }, 'cumulative-layout-shift': { warn: 0.1, error: 0.25 } },
          scores: { seo: 0.9 },
        },
      ],
    });
    const out = path.join(dir, 'out-fail');
    const result = await runMain(['assert', '--lhr', FIXTURES, '--budgets', budgets, '--out', out]);
    expect(result.code, result.stderr).toBe(1);
    const results = readResults(out);
    expect(results.pages).toHaveLength(1);
    const page = results.pages[0];
    expect(page.url).toBe('https://www.coursehero.com/');
    expect(page.measuredRuns).toBe(2);
    for (const id of ['first-contentful-paint', 'largest-contentful-paint', 'interactive', 'cumulative-layout-shift', 'total-blocking-time', 'speed-index']) {
      expect(page.metrics[id].values).toEqual(numeric(id));
      expect(page.metrics[id].median).toBe(median(numeric(id)));
    }
    const lcp = results.budgets.find((b: { id: string }) => b.id === 'largest-contentful-paint');
    expect(lcp).toMatchObject({ kind: 'timing', status: 'fail', actual: median(numeric('largest-contentful-paint')) });
    expect(results.budgets.find((b: { id: string }) => b.id === 'cumulative-layout-shift').status).toBe('pass');
    expect(results.budgets.find((b: { id: string }) => b.id === 'categories:seo').status).toBe('pass');
    expect(results.verdict).toBe('fail');
    expect(results.lighthouseVersion).toBe('12.0.0');
    expect(results.environment.benchmarkIndex).toBe(median(reports.map((r) => r.environment.benchmarkIndex)));
    expect(result.stdout).toContain('LCP');
    expect(result.stdout).toMatch(/✖ fail/);
  });

  it('writes JUnit XML with --junit, and under GitHub Actions annotates the failed budget on stderr', async () => {
    const budgets = writeJson(dir, 'budgets-junit.json', { budgets: [{ path: '/*', timings: { 'largest-contentful-paint': { warn: 2500, error: 4000 } } }] });
    const junit = path.join(dir, 'reports', 'perfgate.junit.xml');
    const result = await runMain(['assert', '--lhr', FIXTURES, '--budgets', budgets, '--out', path.join(dir, 'out-junit'), '--junit', junit], {
      env: { GITHUB_ACTIONS: 'true' },
    });
    expect(result.code, result.stderr).toBe(1);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toMatch(/<testsuites name="perfgate" tests="1" failures="1" errors="0"/);
    // assert names a page by its path on the site when no pages.json names it.
    expect(xml).toContain('name="/ › LCP (largest-contentful-paint)"');
    // The value against its limits, then the LCP element the reports name (escaped line breaks keep it one command).
    expect(result.stderr).toMatch(
      /^::error title=perfgate%3A .* LCP::fail: LCP .* against 2\.50 s \/ 4\.00 s \(warn \/ error\)%0ALCP element: section > section\.tw-mb-16 > header > h2\.tw-font-medium “Upload your document to start studying”$/m,
    );
    expect(result.stdout).not.toContain('::error');
    const quiet = await runMain(['assert', '--lhr', FIXTURES, '--budgets', budgets, '--out', path.join(dir, 'out-junit2')], { env: { GITHUB_ACTIONS: '' } });
    expect(quiet.stderr).not.toContain('::error');
  });

  it('under GitHub Actions appends the review to the job summary, in a section of its own per --id, and tells later steps through GITHUB_ENV', async () => {
    const budgets = writeJson(dir, 'budgets-summary.json', { budgets: [{ path: '/*', timings: { 'largest-contentful-paint': { warn: 2500, error: 4000 } } }] });
    const summary = path.join(dir, 'step-summary.md');
    const githubEnv = path.join(dir, 'github-env');
    writeFileSync(summary, '# an earlier step\n');
    writeFileSync(githubEnv, '');
    const env = { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary, GITHUB_ENV: githubEnv, PERFGATE_SUMMARY_WRITTEN: '' };
    const web = await runMain(['assert', '--lhr', FIXTURES, '--budgets', budgets, '--out', path.join(dir, 'out-web'), '--id', 'web'], { env });
    expect(web.code, web.stderr).toBe(1);
    const shop = await runMain(['assert', '--lhr', FIXTURES, '--budgets', budgets, '--out', path.join(dir, 'out-shop'), '--id', 'shop'], { env });
    expect(shop.code, shop.stderr).toBe(1);
    const written = readFileSync(summary, 'utf8');
    expect(written.startsWith('# an earlier step\n<!-- perfgate-review id=web -->\n## ✖ perfgate (web): 1 failed of 1 budget')).toBe(true);
    expect(written).toContain('<!-- perfgate-review id=shop -->\n## ✖ perfgate (shop): ');
    expect(readFileSync(githubEnv, 'utf8').split('\n').filter(Boolean)).toEqual([
      `PERFGATE_SUMMARY_WRITTEN=${path.join(dir, 'out-web', 'results.json')}`,
      // Two commands in one step: the second keeps the first's.
      `PERFGATE_SUMMARY_WRITTEN=${[path.join(dir, 'out-web', 'results.json'), path.join(dir, 'out-shop', 'results.json')].join(path.delimiter)}`,
    ]);
    // Outside GitHub Actions nothing is appended.
    await runMain(['assert', '--lhr', FIXTURES, '--budgets', budgets, '--out', path.join(dir, 'out-local')], { env: { ...env, GITHUB_ACTIONS: '' } });
    expect(readFileSync(summary, 'utf8')).toBe(written);
  });

  it('passes with loose budgets (exit 0), reading a glob; a budget for none of the reports is named', async () => {
    const budgets = writeJson(dir, 'loose.json', {
      budgets: [{ timings: { 'largest-contentful-paint': { warn: 5000, error: 10000 } } }, { path: '/blog/*', timings: { interactive: 1 } }],
    });
    const result = await runMain(['assert', '--lhr', path.join(FIXTURES, '*-a.json'), '--budgets', budgets, '--out', path.join(dir, 'out-warn')]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`warning: ${budgets}: budgets[1] (path "/blog/*") matches no page of the reports, so it judges nothing\n`);
    expect(readResults(path.join(dir, 'out-warn')).verdict).toBe('warn');
  });

  it('reads a Lighthouse CI folder and skips its other files', async () => {
    const lhci = path.join(dir, '.lighthouseci');
    mkdirSync(lhci);
    copyFileSync(LHR_A, path.join(lhci, 'lhr-1700000000000.json'));
    writeFileSync(path.join(lhci, 'assertion-results.json'), '[]');
    const budgets = writeJson(dir, 'lw.json', [{ path: '/*', timings: [{ metric: 'interactive', budget: 100000 }] }]);
    const result = await runMain(['assert', '--lhr', lhci, '--budgets', budgets, '--out', path.join(dir, 'out-lhci')]);
    expect(result.code, result.stderr).toBe(0);
    expect(readResults(path.join(dir, 'out-lhci')).pages[0].measuredRuns).toBe(1);
  });

  it.each([
    ['a missing report path', ['--lhr', '/nonexistent/x.json'], '--lhr /nonexistent/x.json: no such file'],
    ['a file that is not a report', ['--lhr', 'package.json'], 'is not a Lighthouse report'],
    ['a missing budgets file', ['--lhr', LHR_A, '--budgets', 'nope.json'], 'nope.json: not found'],
    ['no --lhr', [], "required option '--lhr <paths...>' not specified"],
  ])('exits 2 without a stack trace for %s', async (_, args, message) => {
    const result = await runMain(['assert', ...args, '--out', path.join(dir, 'out-bad')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 and names the key for a bad budgets file', async () => {
    const budgets = writeJson(dir, 'bad.json', { budgets: [{ timings: { lcp: 1 } }] });
    const result = await runMain(['assert', '--lhr', LHR_A, '--budgets', budgets]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${budgets}: 1 problem`);
    expect(result.stderr).toContain('budgets[0].timings.lcp: unknown key "lcp"');
    expect(result.stderr).toContain('did you mean "largest-contentful-paint"?');
  });

  it('has --help for every command, naming its options', async () => {
    const quiet = { write: () => true };
    const commands = program({ stdout: quiet, stderr: quiet, env: {}, cwd: ROOT }, () => undefined).commands;
    expect(commands.map((c) => c.name())).toEqual(
      expect.arrayContaining(['init', 'run', 'assert', 'size', 'merge', 'report', 'comment', 'compare', 'collector']),
    );
    const top = await runMain(['--help']);
    expect(top.code).toBe(0);
    for (const command of commands) {
      expect(top.stdout).toContain(command.name());
      const result = await runMain([command.name(), '--help']);
      expect(result.code, command.name()).toBe(0);
      expect(result.stdout).toContain(`Usage: perfgate ${command.name()}`);
      for (const option of command.options.filter((o) => !o.hidden)) expect(result.stdout, `${command.name()} ${option.long}`).toContain(option.long!);
    }
    // The one option left out of the help: size-limit's, taken only to say what to use instead.
    expect(commands.flatMap((c) => c.options.filter((o) => o.hidden).map((o) => `${c.name()} ${o.long}`))).toEqual(['size --compare-with']);
  });
});
