import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { REVIEW_MARKER } from '../../src/report/markdown.js';
import { parse } from 'yaml';
import { fakeGitHub } from '../github-stand-in.js';
import { ROOT, runMain, tempDir, writeJson } from '../helpers.js';
import { CASES } from '../report/cases.js';

describe('perfgate comment', () => {
  const github = fakeGitHub();
  let dir: string;
  let results: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    await new Promise<void>((resolve) => github.server.listen(0, '127.0.0.1', resolve));
    dir = tempDir();
    results = writeJson(dir, 'results.json', CASES.regression!());
    const event = writeJson(dir, 'event.json', { action: 'synchronize', pull_request: { number: 7 } });
    env = {
      GITHUB_TOKEN: 'test-token',
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_EVENT_PATH: event,
      GITHUB_API_URL: `http://127.0.0.1:${(github.server.address() as AddressInfo).port}/api/v3`,
      GITHUB_STEP_SUMMARY: '',
      PERFGATE_RETRY_AFTER_MS: '10',
    };
  });
  afterAll(() => github.server.close());
  beforeEach(() => {
    github.state.requests.length = 0;
    github.state.mode = 'ok';
    github.state.throttled = 0;
  });

  it('creates one comment, then finds it again on a later page and updates it', async () => {
    github.state.comments = Array.from({ length: 130 }, (_, i) => ({ id: 1000 + i, body: `comment ${i}`, html_url: '' }));
    const first = await runMain(['comment', '--results', results], { env });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain('review created');
    expect(github.state.comments).toHaveLength(131);
    const ours = github.state.comments.at(-1)!;
    expect(ours.body.startsWith(REVIEW_MARKER)).toBe(true);
    expect(ours.body).toContain('worst regression: home LCP');

    github.state.requests.length = 0;
    ours.body = `${REVIEW_MARKER}\nan older review`;
    const second = await runMain(['comment', '--results', results], { env });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain('review updated');
    expect(github.state.comments).toHaveLength(131);
    expect(ours.body).toContain('worst regression: home LCP');
    expect(github.state.requests).toEqual([
      'GET /api/v3/repos/acme/shop/issues/7/comments?per_page=100',
      'GET /api/v3/repos/acme/shop/issues/7/comments?per_page=100&page=2',
      `PATCH /api/v3/repos/acme/shop/issues/comments/${ours.id}`,
    ]);
    expect(github.state.auth.at(-1)).toBe('token test-token');
  });

  it('writes the job summary and exits 0 when GitHub answers 403 (a fork)', async () => {
    github.state.comments = [];
    github.state.mode = 'forbidden';
    const summary = path.join(dir, 'summary-403.md');
    writeFileSync(summary, '');
    const result = await runMain(['comment', '--results', results, '--pr', '7'], { env: { ...env, GITHUB_STEP_SUMMARY: summary } });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('403');
    expect(result.stderr).toContain('The review is in the job summary');
    expect(readFileSync(summary, 'utf8')).toContain('worst regression: home LCP');
    expect(github.state.comments).toEqual([]);
  });

  it('retries server errors, then fails with a clear message', async () => {
    github.state.mode = 'down';
    const result = await runMain(['comment', '--results', results], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/GitHub API at http:\/\/127\.0\.0\.1:\d+\/api\/v3 answered 502 after 3 retries/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(github.state.requests.length).toBe(4);
  });

  it('waits out a secondary rate limit (403 with Retry-After) and posts, not taking it for a refusal', async () => {
    github.state.comments = [];
    github.state.throttled = 2;
    const result = await runMain(['comment', '--results', results], { env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('review created');
    expect(github.state.comments).toHaveLength(1);
    expect(github.state.requests.length).toBe(4);
  });

  it('fails with exit 1, not as a refusal, when the secondary rate limit lasts through the retries', async () => {
    github.state.comments = [];
    github.state.throttled = 10;
    const result = await runMain(['comment', '--results', results], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/kept answering 403 \(a rate limit\) after 3 retries, to GET \/repos\/acme\/shop\/issues\/7\/comments/);
    expect(result.stderr).not.toContain('refused');
    expect(github.state.requests.length).toBe(4);
  });

  it('fails with exit 1 and when the rate limit resets, without retrying, when the token has used up its rate limit', async () => {
    github.state.mode = 'limit-used-up';
    const result = await runMain(['comment', '--results', results], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/the token's rate limit is used up until \d{4}-\d\d-\d\dT/);
    expect(result.stderr).not.toContain('refused');
    expect(github.state.requests.length).toBe(1);
  });

  it('says to check the token when GitHub answers 401', async () => {
    github.state.mode = 'bad-token';
    const result = await runMain(['comment', '--results', results], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('answered 401 to GET /repos/acme/shop/issues/7/comments?per_page=100: Bad credentials. Check the token (GITHUB_TOKEN)');
    expect(github.state.requests.length).toBe(1);
  });

  it('always writes the job summary when it is set', async () => {
    github.state.comments = [];
    const summary = path.join(dir, 'summary-ok.md');
    writeFileSync(summary, '# earlier step\n');
    const result = await runMain(['comment', '--results', results], { env: { ...env, GITHUB_STEP_SUMMARY: summary } });
    expect(result.code, result.stderr).toBe(0);
    const written = readFileSync(summary, 'utf8');
    expect(written.startsWith('# earlier step\n')).toBe(true);
    expect(written).toContain('worst regression: home LCP');
  });

  it('sets the commit status "perfgate" with --status: the verdict, what failed, a link to the comment, on the pull request head', async () => {
    github.state.comments = [];
    github.state.statuses = [];
    const event = writeJson(dir, 'event-head.json', { pull_request: { number: 7, head: { sha: 'abc1234def' } } });
    const result = await runMain(['comment', '--results', results, '--status'], { env: { ...env, GITHUB_EVENT_PATH: event } });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('status perfgate set to failure on abc1234');
    expect(github.state.statuses).toEqual([
      {
        sha: 'abc1234def',
        state: 'failure',
        context: 'perfgate',
        description: 'fail: 1 failed of 15 budgets; home LCP regressed',
        target_url: github.state.comments[0]?.html_url,
      },
    ]);
    // Without write permission for statuses (a fork's token): said, and still exit 0.
    github.state.mode = 'forbidden';
    const refused = await runMain(['comment', '--results', results, '--status', '--sha', 'abc1234def'], { env: { ...env, GITHUB_STEP_SUMMARY: '' } });
    expect(refused.code, refused.stderr).toBe(0);
    expect(refused.stderr).toContain('GitHub refused the commit status (403');
  });

  it('sets the status alone with --status-only, linked to the run, and posts no comment', async () => {
    github.state.comments = [];
    github.state.statuses = [];
    const runEnv = { ...env, GITHUB_SERVER_URL: 'https://github.example', GITHUB_RUN_ID: '42' };
    const result = await runMain(['comment', '--results', results, '--status-only', '--sha', 'abc1234def'], { env: runEnv });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('no comment (--status-only)');
    expect(github.state.comments).toEqual([]);
    expect(github.state.requests.filter((r) => !r.includes('/statuses/'))).toEqual([]);
    expect(github.state.statuses).toEqual([
      expect.objectContaining({ sha: 'abc1234def', state: 'failure', target_url: 'https://github.example/acme/shop/actions/runs/42' }),
    ]);
    const dry = await runMain(['comment', '--results', results, '--status-only', '--dry-run'], { env: runEnv });
    expect(dry.stderr).toContain('would post no comment (--status-only)');
    expect(dry.stderr).toContain('would set the commit status perfgate to failure');
  });

  it('keeps one comment and one status per package with --id, beside the repository-wide one', async () => {
    github.state.comments = [{ id: 500, body: `${REVIEW_MARKER}\nthe root package's review`, html_url: 'https://github.example.com/c500' }];
    github.state.statuses = [];
    for (const round of [1, 2]) {
      for (const id of ['web', 'packages/admin']) {
        const result = await runMain(['comment', '--results', results, '--id', id, '--status', '--sha', 'beef'], { env });
        expect(result.code, result.stderr).toBe(0);
        expect(result.stderr).toContain(round === 1 ? 'review created' : 'review updated');
      }
    }
    expect(github.state.comments.map((c) => c.body.split('\n')[0])).toEqual([
      REVIEW_MARKER,
      '<!-- perfgate-review id=web -->',
      '<!-- perfgate-review id=packages/admin -->',
    ]);
    expect(github.state.comments[0]?.body).toContain("the root package's review");
    expect(github.state.comments[1]?.body).toContain('perfgate (web): ');
    expect(github.state.statuses.map((s) => s.context)).toEqual(['perfgate/web', 'perfgate/packages/admin', 'perfgate/web', 'perfgate/packages/admin']);
  });

  it('refuses an --id that could break the marker, with exit 2 and no request', async () => {
    for (const id of ['a-->b', 'web --', 'x<y', 'two words', '-web']) {
      const result = await runMain(['comment', '--results', results, '--id', id], { env });
      expect(result.code, id).toBe(2);
      expect(result.stderr).toContain(`--id "${id}": an id may hold letters, digits and . _ / @ -`);
    }
    expect(github.state.requests).toEqual([]);
  });

  it('does not add the review to the job summary again when perfgate run put it there in an earlier step of the job', async () => {
    github.state.comments = [];
    const summary = path.join(dir, 'summary-again.md');
    writeFileSync(summary, '');
    const written = { ...env, GITHUB_STEP_SUMMARY: summary, PERFGATE_SUMMARY_WRITTEN: ['/elsewhere/results.json', results].join(path.delimiter) };
    const result = await runMain(['comment', '--results', results], { env: written });
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(summary, 'utf8')).toBe('');
    // Judged again against a base, it is another review: written.
    const base = writeJson(dir, 'base-again.json', CASES.pass!());
    const again = await runMain(['comment', '--results', results, '--base', base], { env: written });
    expect(again.code, again.stderr).toBe(0);
    expect(readFileSync(summary, 'utf8')).toContain('perfgate');
  });

  it('keeps the comparison of results measured side by side: --base is not used, said so, and the review is not written twice', async () => {
    github.state.comments = [];
    const sideBySide = writeJson(dir, 'side-by-side.json', CASES['side-by-side-regression']!());
    const summary = path.join(dir, 'summary-side-by-side.md');
    writeFileSync(summary, '');
    const written = { ...env, GITHUB_STEP_SUMMARY: summary, PERFGATE_SUMMARY_WRITTEN: sideBySide };
    const base = writeJson(dir, 'base-ignored.json', CASES.pass!());
    const result = await runMain(['comment', '--results', sideBySide, '--base', base], { env: written });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`--base ${base} is not used`);
    expect(readFileSync(summary, 'utf8')).toBe('');
    expect(github.state.comments).toHaveLength(1);
    expect(github.state.comments[0]!.body).toContain('Side by side on this runner');
  });

  it('prints what it would post with --dry-run, and sends nothing', async () => {
    const result = await runMain(['comment', '--results', results, '--dry-run'], { env });
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith(REVIEW_MARKER)).toBe(true);
    expect(result.stderr).toContain('would post this to acme/shop#7');
    expect(github.state.requests).toEqual([]);
  });

  it('links the artifact of another run (--artifact-of-run), or says why it links the run’s page', async () => {
    github.state.comments = [];
    github.state.artifacts = { '77': [{ id: 9, name: 'reports', expired: false }] };
    const runEnv = { ...env, GITHUB_SERVER_URL: 'https://ghe.example.com' };
    const named = await runMain(['comment', '--results', results, '--artifact-of-run', '77', '--artifact-name', 'reports'], { env: runEnv });
    expect(named.code, named.stderr).toBe(0);
    expect(github.state.comments.at(-1)?.body).toContain("[this run's artifact](https://ghe.example.com/acme/shop/actions/runs/77/artifacts/9)");

    const missing = await runMain(['comment', '--results', results, '--artifact-of-run', '77'], { env: runEnv });
    expect(missing.code, missing.stderr).toBe(0);
    expect(missing.stderr).toContain('run 77 has no artifact "perfgate" (not uploaded, or expired)');
    expect(github.state.comments.at(-1)?.body).toContain("[this run's artifact](https://ghe.example.com/acme/shop/actions/runs/77)");

    github.state.requests.length = 0;
    const dry = await runMain(['comment', '--results', results, '--artifact-of-run', '77', '--dry-run'], { env: runEnv });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stderr).toContain(`dry run: run 77's artifact "perfgate" is looked up when posting`);
    expect(dry.stdout).toContain('(https://ghe.example.com/acme/shop/actions/runs/77)');
    expect(github.state.requests).toEqual([]);
  });

  it('exits 2 for an --artifact-of-run that is not a run id, or that contradicts another flag', async () => {
    const cases: Array<[string[], NodeJS.ProcessEnv, string]> = [
      [['--artifact-of-run', '12; rm'], env, 'expected a workflow run id'],
      [['--artifact-of-run', '12', '--artifact-url', 'https://example.com/a'], env, '--artifact-url and --artifact-of-run both name the artifact to link'],
      [['--artifact-of-run', '12', '--gitlab'], env, '--artifact-of-run names a GitHub workflow run; on GitLab'],
      [['--artifact-of-run', '12', '--dry-run'], { ...env, GITHUB_REPOSITORY: '' }, '--artifact-of-run needs GITHUB_REPOSITORY'],
    ];
    for (const [flags, runEnv, said] of cases) {
      github.state.requests.length = 0;
      const result = await runMain(['comment', '--results', results, ...flags], { env: runEnv });
      expect(result.code, flags.join(' ')).toBe(2);
      expect(result.stderr).toContain(said);
      expect(github.state.requests).toEqual([]);
    }
  });

  it('exits 2 and says what is missing without a token', async () => {
    const result = await runMain(['comment', '--results', results], { env: { ...env, GITHUB_TOKEN: '' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('needs GITHUB_TOKEN');
  });
});

/** The workflow_run job's posting step of the shipped fork pattern, run as its runner would: bash, the step's env, in a workspace holding the downloaded artifact and the default branch's perfgate. */
function forkPostingStep() {
  const workflow = parse(readFileSync(path.join(ROOT, '.github/workflows/perfgate-review.yml'), 'utf8')) as {
    jobs: { post: { steps: Array<{ name?: string; run?: string; env?: Record<string, string> }> } };
  };
  const step = workflow.jobs.post.steps.find((s) => s.name === 'Post the review');
  if (!step?.run) throw new Error('perfgate-review.yml has no "Post the review" step');
  return step;
}

describe('the fork pattern: perfgate-review.yml posts a fork’s results from its artifact', () => {
  const github = fakeGitHub();
  const step = forkPostingStep();
  let workspace: string;
  let env: NodeJS.ProcessEnv;
  const runStep = (prNumber: string, headSha: string) => {
    writeFileSync(path.join(workspace, 'perfgate-review', 'pr-number'), prNumber);
    return new Promise<{ code: number | null; output: string }>((resolve) => {
      // The step's env as the runner sets it from its expressions.
      const stepEnv = { ...env, GITHUB_TOKEN: 'test-token', HEAD_SHA: headSha, RUN_ID: '555' };
      expect(Object.keys(step.env ?? {}).sort()).toEqual(['GITHUB_TOKEN', 'HEAD_SHA', 'RUN_ID']);
      expect(step.env?.RUN_ID).toBe('${{ github.event.workflow_run.id }}');
      execFile('bash', ['-e', '-c', step.run as string], { cwd: workspace, env: stepEnv }, (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, output: stdout + stderr }),
      );
    });
  };

  beforeAll(async () => {
    await new Promise<void>((resolve) => github.server.listen(0, '127.0.0.1', resolve));
    workspace = tempDir();
    mkdirSync(path.join(workspace, 'perfgate-review'));
    writeJson(path.join(workspace, 'perfgate-review'), 'results.json', CASES.regression!());
    // The default branch's perfgate, checked out and built into ./perfgate.
    symlinkSync(ROOT, path.join(workspace, 'perfgate'));
    env = {
      PATH: process.env.PATH,
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_API_URL: `http://127.0.0.1:${(github.server.address() as AddressInfo).port}/api/v3`,
      GITHUB_SERVER_URL: 'https://github.example.com',
      GITHUB_RUN_ID: '99',
      PERFGATE_RETRY_AFTER_MS: '10',
      NO_COLOR: '1',
    };
  });
  afterAll(() => github.server.close());
  beforeEach(() => {
    github.state.requests.length = 0;
    github.state.comments = [];
    github.state.statuses = [];
    github.state.actionsReadable = true;
    // The pull request's run (555) uploaded "perfgate" twice (a re-run), the first has expired; and another artifact.
    github.state.artifacts = {
      '555': [
        { id: 40, name: 'perfgate', expired: true },
        { id: 41, name: 'perfgate', expired: false },
        { id: 39, name: 'perfgate', expired: false },
        { id: 44, name: 'coverage', expired: false },
      ],
    };
  });

  it('posts the review and the status to the pull request the artifact names, when its head is the measured commit', async () => {
    github.state.head = 'abc1234def';
    const result = await runStep('7\n', 'abc1234def');
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain('review created');
    expect(github.state.comments).toHaveLength(1);
    expect(github.state.comments[0]?.body).toContain('worst regression: home LCP');
    expect(github.state.statuses).toEqual([expect.objectContaining({ sha: 'abc1234def', state: 'failure', context: 'perfgate' })]);
    // The HTML reports are a click away: the newest unexpired "perfgate" artifact of the pull request's run, found through the API.
    expect(github.state.requests).toContain('GET /api/v3/repos/acme/shop/actions/runs/555/artifacts?name=perfgate&per_page=100');
    expect(github.state.comments[0]?.body).toContain(
      "The HTML reports and results.json are in [this run's artifact](https://github.example.com/acme/shop/actions/runs/555/artifacts/41)",
    );
  });

  it('links the run’s page when the token may not read its artifacts, and still posts', async () => {
    github.state.head = 'abc1234def';
    github.state.actionsReadable = false;
    const result = await runStep('7', 'abc1234def');
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain(`run 555's artifact "perfgate" could not be looked up (the workflow needs "actions: read")`);
    expect(result.output).toContain("the review links the run's page, where its artifacts are listed");
    expect(github.state.comments[0]?.body).toContain("[this run's artifact](https://github.example.com/acme/shop/actions/runs/555)");
  });

  it('posts nothing when the pull request has moved on to another commit', async () => {
    github.state.head = 'fffffff000';
    const result = await runStep('7', 'abc1234def');
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain("not posted: pull request #7's head is fffffff, not abc1234");
    expect(github.state.comments).toEqual([]);
    expect(github.state.statuses).toEqual([]);
  });

  it('treats a pull request number that is not a number as data, not as a command', async () => {
    const marker = path.join(workspace, 'injected');
    const result = await runStep(`7; touch ${marker}`, 'abc1234def');
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain('the artifact names no pull request number');
    expect(github.state.requests).toEqual([]);
    expect(() => readFileSync(marker)).toThrow();
  });
});

describe('perfgate report', () => {
  it('prints the markdown review and the JSON with the comparison against a base', async () => {
    const dir = tempDir();
    const current = CASES.regression!();
    const { comparison: _, ...withoutComparison } = current;
    const results = writeJson(dir, 'results.json', withoutComparison);
    const base = writeJson(dir, 'base.json', {
      ...current,
      pages: current.pages.map((p) => ({ ...p, metrics: { ...p.metrics, 'largest-contentful-paint': p.metrics['first-contentful-paint'] } })),
    });
    const md = await runMain(['report', '--results', results, '--base', base]);
    expect(md.code, md.stderr).toBe(0);
    expect(md.stdout).toContain('| page | status | FCP | LCP | TBT | CLS | runs |');
    expect(md.stdout).toContain('| metric | budget (warn / error) | median (min-max, 8 runs) | base median | change | status |');
    const json = await runMain(['report', '--results', results, '--base', base, '--format', 'json']);
    expect(
      JSON.parse(json.stdout).comparison.metrics.find((c: { page: string; id: string }) => c.page === 'home' && c.id === 'largest-contentful-paint').verdict,
    ).toBe('regressed');
  });
});
