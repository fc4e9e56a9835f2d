import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startPostgres, type TestPostgres } from './field/postgres.js';
import { fakeGitHub } from './github-stand-in.js';
import { startLhciServer } from './lhci-server.js';
import { ROOT, tempDir, writeJson } from './helpers.js';
import { CASES } from './report/cases.js';

interface Step {
  name: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  'working-directory'?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface Action {
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as Action;
const steps = action.runs.steps;
const scriptOf = (step: Step) => /^bash "\$GITHUB_ACTION_PATH\/(action\/[\w-]+\.sh)"$/.exec(step.run ?? '')?.[1] ?? null;

/** The outputs of the actions action.yml uses, as their own action.yml declares them. */
const USED_OUTPUTS: Record<string, string[]> = { 'actions/upload-artifact@v4': ['artifact-id', 'artifact-url', 'artifact-digest'] };

/** The outputs a step's script writes (`output NAME value`), or those of the action it uses. */
const outputsOf = (step: Step): string[] => {
  const script = scriptOf(step);
  if (step.uses) return USED_OUTPUTS[step.uses] ?? [];
  return script ? [...readFileSync(path.join(ROOT, script), 'utf8').matchAll(/output ([\w-]+) /g)].map((m) => m[1] as string) : [];
};

/**
 * The value of a `${{ x.y.z }}` expression the way the runner evaluates it, for the few contexts
 * the action's run steps use: inputs, steps' outputs, the github context. Anything else fails, so
 * that the test keeps up with action.yml.
 */
function evaluate(value: string, context: { inputs: Record<string, string>; steps: Record<string, Record<string, string>> }): string {
  return value.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_, expression: string) => {
    const [scope, ...rest] = expression.split('.');
    if (scope === 'inputs' && rest.length === 1) {
      const input = rest[0] as string;
      if (!(input in action.inputs)) throw new Error(`action.yml uses the undeclared input ${input}`);
      return context.inputs[input] ?? action.inputs[input]?.default ?? '';
    }
    if (scope === 'steps' && rest[1] === 'outputs' && rest.length === 3) return context.steps[rest[0] as string]?.[rest[2] as string] ?? '';
    throw new Error(`the test does not evaluate \${{ ${expression} }}`);
  });
}

/** The lines `NAME=value` a step wrote to a GITHUB_OUTPUT / GITHUB_ENV file. */
const keyValues = (file: string): Record<string, string> =>
  Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );

/** A job of the runner, reduced to what composite run steps see: files for outputs, env and PATH, and the workspace. */
class Job {
  readonly temp = tempDir('perfgate-runner-');
  readonly env: NodeJS.ProcessEnv;
  readonly outputs: Record<string, Record<string, string>> = {};
  readonly log: string[] = [];
  constructor(
    readonly workspace: string,
    readonly inputs: Record<string, string>,
    env: NodeJS.ProcessEnv,
  ) {
    const summary = path.join(this.temp, 'summary.md');
    writeFileSync(summary, '');
    this.env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NO_COLOR: '1',
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: workspace,
      GITHUB_ACTION_PATH: ROOT,
      RUNNER_TEMP: this.temp,
      GITHUB_STEP_SUMMARY: summary,
      ...env,
    };
  }

  /** Runs one run step as the runner would: bash, its env evaluated, its working directory, then the env and PATH it exported. */
  run(step: Step): Promise<{ code: number | null; output: string }> {
    const files = {
      GITHUB_OUTPUT: path.join(this.temp, `${step.id ?? 'step'}-output`),
      GITHUB_ENV: path.join(this.temp, 'env'),
      GITHUB_PATH: path.join(this.temp, 'path'),
    };
    for (const file of Object.values(files)) if (!existsSync(file)) writeFileSync(file, '');
    writeFileSync(files.GITHUB_OUTPUT, '');
    const stepEnv = Object.fromEntries(
      Object.entries(step.env ?? {}).map(([key, value]) => [key, evaluate(value, { inputs: this.inputs, steps: this.outputs })]),
    );
    const cwd = path.resolve(this.workspace, evaluate(step['working-directory'] ?? '.', { inputs: this.inputs, steps: this.outputs }));
    return new Promise((resolve) => {
      const child = spawn('bash', ['-e', '-c', step.run as string], { cwd, env: { ...this.env, ...files, ...stepEnv } });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      child.on('close', (code) => {
        this.log.push(`## ${step.name}\n${output}`);
        if (step.id) this.outputs[step.id] = keyValues(files.GITHUB_OUTPUT);
        Object.assign(this.env, keyValues(files.GITHUB_ENV));
        const added = readFileSync(files.GITHUB_PATH, 'utf8').split('\n').filter(Boolean);
        this.env.PATH = [...added.reverse(), process.env.PATH].join(path.delimiter);
        resolve({ code, output });
      });
    });
  }

  step(name: string): Step {
    const found = steps.find((s) => s.name === name);
    if (!found) throw new Error(`action.yml has no step "${name}"`);
    return found;
  }
}

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' },
  }).trim();

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title><meta name="viewport" content="width=device-width, initial-scale=1"></head><body>${body}</body></html>`;

/**
 * A repository as actions/checkout leaves it on a pull request: an origin with `main` (a static
 * site of two pages, built by copying `src` to `dist`) and the pull request's commit on top, which
 * changes the second page. The site lives in `web/`, a package of a monorepo.
 */
function pullRequestCheckout(): { workspace: string; base: string } {
  const origin = tempDir('perfgate-origin-');
  git(origin, 'init', '-q', '--bare', '-b', 'main');
  const workspace = tempDir('perfgate-workspace-');
  git(workspace, 'init', '-q', '-b', 'main');
  const web = path.join(workspace, 'web');
  mkdirSync(path.join(web, 'src', 'about'), { recursive: true });
  writeFileSync(path.join(web, 'src', 'index.html'), page('home', '<h1>Home</h1>'));
  writeFileSync(path.join(web, 'src', 'about', 'index.html'), page('about', '<h1>About</h1>'));
  writeJson(web, 'pages.json', {
    staticDir: 'dist',
    runs: 1,
    pages: [
      { name: 'home', path: '/' },
      { name: 'about', path: '/about/' },
    ],
  });
  writeJson(web, 'budgets.json', { budgets: [{ path: '/*', resourceSizes: { total: { error: '100 B' } } }] });
  writeFileSync(path.join(workspace, '.gitignore'), 'dist/\n.perfgate/\n');
  git(workspace, 'add', '.');
  git(workspace, 'commit', '-q', '-m', 'base');
  const base = git(workspace, 'rev-parse', 'HEAD');
  git(workspace, 'remote', 'add', 'origin', origin);
  git(workspace, 'push', '-q', 'origin', 'main');
  git(workspace, 'checkout', '-q', '-b', 'feature');
  writeFileSync(path.join(web, 'src', 'about', 'index.html'), page('about', `<h1>About</h1><p>${'more words '.repeat(200)}</p>`));
  git(workspace, 'commit', '-q', '-am', 'longer about page');
  return { workspace, base };
}

describe('action.yml', () => {
  it('is a composite action whose run steps call its scripts, with every expression from a declared input or an output a step writes', () => {
    expect(action.runs.using).toBe('composite');
    for (const step of steps) {
      if (step.uses) {
        expect(step.uses, step.name).toMatch(/^actions\/(cache\/restore|cache\/save|upload-artifact)@v4$/);
        continue;
      }
      expect(step.shell, step.name).toBe('bash');
      if (step.name === 'Verdict') continue;
      const script = scriptOf(step);
      expect(script, `step "${step.name}" runs one of the action's scripts`).not.toBeNull();
      expect(existsSync(path.join(ROOT, script as string))).toBe(true);
      for (const value of Object.values(step.env ?? {})) evaluate(value, { inputs: {}, steps: {} });
    }
    const written = new Map(steps.filter((s) => s.id).map((s) => [s.id as string, outputsOf(s)]));
    const used = [...readFileSync(path.join(ROOT, 'action.yml'), 'utf8').matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)];
    expect(used.length).toBeGreaterThan(5);
    for (const [expression, id, name] of used) expect(written.get(id as string), expression).toContain(name);
    for (const output of Object.values(action.outputs)) expect(output.value).toMatch(/^\$\{\{ steps\.(run|lhci-upload)\.outputs\.[\w-]+ \}\}$/);
  });

  it('finds Chrome and exports CHROME_PATH; finds the project’s own perfgate before the action’s', async () => {
    const project = tempDir();
    const job = new Job(project, {}, {});
    const chrome = await job.run(job.step('Find or install Chromium'));
    expect(chrome.code, chrome.output).toBe(0);
    expect(job.env.CHROME_PATH && existsSync(job.env.CHROME_PATH)).toBe(true);
    const fromAction = await job.run(job.step('Find perfgate'));
    expect(fromAction.code, fromAction.output).toBe(0);
    expect(fromAction.output).toMatch(/perfgate: \d+\.\d+\.\d+\S* from the action's own build/);
    mkdirSync(path.join(project, 'node_modules', '.bin'), { recursive: true });
    // What npm's install leaves: an executable perfgate in node_modules/.bin.
    writeFileSync(path.join(project, 'node_modules', '.bin', 'perfgate'), `#!/bin/sh\nexec node ${JSON.stringify(path.join(ROOT, 'dist', 'cli.js'))} "$@"\n`, {
      mode: 0o755,
    });
    const own = await job.run(job.step('Find perfgate'));
    expect(own.code, own.output).toBe(0);
    expect(own.output).toContain("from the project's node_modules");
    expect(execFileSync('perfgate', ['--version'], { env: job.env, encoding: 'utf8' })).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('builds the merge base of the pull request beside it; a base that does not build is a warning and the fallback', async () => {
    const { workspace, base } = pullRequestCheckout();
    const env = { GITHUB_EVENT_NAME: 'pull_request', GITHUB_BASE_REF: 'main' };
    const job = new Job(workspace, { 'working-directory': 'web', 'base-build': 'cp -r src dist' }, env);
    const built = await job.run(job.step('Build the base commit beside it'));
    expect(built.code, built.output).toBe(0);
    expect(job.outputs.base).toEqual({ built: 'true', dir: path.join(job.temp, 'perfgate-base', 'web/'), commit: base });
    expect(readFileSync(path.join(job.temp, 'perfgate-base', 'web', 'dist', 'about', 'index.html'), 'utf8')).not.toContain('more words');

    const broken = new Job(workspace, { 'working-directory': 'web', 'base-build': 'exit 3' }, env);
    const failed = await broken.run(broken.step('Build the base commit beside it'));
    expect(failed.code, failed.output).toBe(0);
    expect(failed.output).toContain(
      `::warning title=perfgate::the base commit ${base.slice(0, 7)} could not be built (exit 3); comparing with the base branch's stored results instead`,
    );
    expect(broken.outputs.base).toEqual({ built: 'false' });

    const wrong = new Job(workspace, { 'working-directory': 'web', base: 'merge-base' }, env);
    const refused = await wrong.run(wrong.step('Build the base commit beside it'));
    expect(refused.code).toBe(2);
    expect(refused.output).toContain('input base is "merge-base"; expected side-by-side, stored or none');

    // A site that is already running is not built: the stored results are restored instead.
    writeJson(path.join(workspace, 'web'), 'running.json', { baseUrl: 'https://staging.example.com', pages: [{ name: 'home', path: '/' }] });
    const running = new Job(workspace, { 'working-directory': 'web', pages: 'running.json', 'base-build': 'touch built-it' }, env);
    const skipped = await running.run(running.step('Build the base commit beside it'));
    expect(skipped.code, skipped.output).toBe(0);
    expect(skipped.output).toContain(
      "::notice title=perfgate::running.json measures a site that is already running (https://staging.example.com), not a build: the base branch's stored results are the comparison",
    );
    expect(running.outputs.base).toEqual({ built: 'false' });
    expect(existsSync(path.join(running.temp, 'perfgate-base'))).toBe(false);
  });
});

describe('the action on a library’s pull request: no pages.json, its size-limit config', () => {
  it('measures the bundles alone (perfgate size) against the merge base built beside it, posts the review and fails the job on the broken limit', async () => {
    const github = fakeGitHub();
    await new Promise<void>((resolve) => github.server.listen(0, '127.0.0.1', resolve));
    try {
      const origin = tempDir('perfgate-origin-');
      git(origin, 'init', '-q', '--bare', '-b', 'main');
      const workspace = tempDir('perfgate-workspace-');
      git(workspace, 'init', '-q', '-b', 'main');
      mkdirSync(path.join(workspace, 'src'));
      writeFileSync(path.join(workspace, 'src', 'index.js'), 'export const add = (a, b) => a + b;\n');
      writeJson(workspace, 'package.json', { name: 'tiny-lib', private: true, 'size-limit': [{ name: 'lib', path: 'dist/index.js', limit: '300 B' }] });
      writeFileSync(path.join(workspace, '.gitignore'), 'dist/\n.perfgate/\n');
      git(workspace, 'add', '.');
      git(workspace, 'commit', '-q', '-m', 'base');
      git(workspace, 'remote', 'add', 'origin', origin);
      git(workspace, 'push', '-q', 'origin', 'main');
      git(workspace, 'checkout', '-q', '-b', 'feature');
      writeFileSync(
        path.join(workspace, 'src', 'index.js'),
        `export const add = (a, b) => a + b;\nexport const words = ${JSON.stringify(randomWords(600))};\n`,
      );
      git(workspace, 'commit', '-q', '-am', 'a table of words');
      execFileSync('cp', ['-r', 'src', 'dist'], { cwd: workspace });
      const event = writeJson(tempDir(), 'event.json', { pull_request: { number: 7, head: { sha: 'fed4321cba' } } });
      const job = new Job(
        workspace,
        { 'base-build': 'cp -r src dist', 'github-token': 'test-token' },
        {
          GITHUB_EVENT_NAME: 'pull_request',
          GITHUB_BASE_REF: 'main',
          GITHUB_EVENT_PATH: event,
          GITHUB_REPOSITORY: 'acme/shop',
          GITHUB_API_URL: `http://127.0.0.1:${(github.server.address() as AddressInfo).port}/api/v3`,
        },
      );
      const codes: Record<string, number | null> = {};
      for (const name of ['Find perfgate', 'Build the base commit beside it', 'perfgate run', 'Post the review', 'Verdict'])
        codes[name] = (await job.run(job.step(name))).code;
      expect(codes, job.log.join('\n')).toEqual({
        'Find perfgate': 0,
        'Build the base commit beside it': 0,
        'perfgate run': 0,
        'Post the review': 0,
        Verdict: 1,
      });
      expect(job.log.join('\n')).toContain('perfgate: no pages.json here, so no pages to measure: the bundles of budgets.json (or of size-limit');
      const run = job.outputs.run as Record<string, string>;
      expect(run).toMatchObject({ 'exit-code': '1', verdict: 'fail' });
      expect(run).not.toHaveProperty('manifest');
      // The bundle, measured in both builds: the base's size beside the pull request's.
      const results = JSON.parse(readFileSync(run.results as string, 'utf8'));
      const lib = results.budgets.find((b: { page: string }) => b.page === 'lib');
      expect(lib).toMatchObject({ kind: 'bundle', status: 'fail', error: 300 });
      expect(lib.change.base).toBeGreaterThan(0);
      expect(lib.change.base).toBeLessThan(300);
      expect(lib.actual).toBeGreaterThan(lib.change.base);
      expect(results.pages).toEqual([]);
      // One review on the pull request, naming the bundle and its change.
      expect(github.state.comments).toHaveLength(1);
      const body = github.state.comments[0]?.body ?? '';
      expect(body).toContain("<sub>Bundles only, each measured in the base's build too</sub>");
      expect(body).toMatch(/\n\| lib \| Size \(brotli\) \| [\d.]+ kB \| \d+ B \| \+[\d.]+ kB \| - \/ 300 B \| ✖ fail \|\n/);
    } finally {
      github.server.close();
    }
  }, 120_000);
});

/** Text that compresses poorly: words of random letters. */
function randomWords(count: number): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  let seed = 7;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed;
  };
  return Array.from({ length: count }, () => Array.from({ length: 3 + (next() % 6) }, () => letters[next() % 26]).join('')).join(' ');
}

describe('the action’s Lighthouse CI upload step', () => {
  it.each([
    ['lhci', {}, "lhci-upload: lhci needs lhci-server-base-url (the server's URL) and lhci-token"],
    ['lhci-server', { 'lhci-server-base-url': 'https://lhci.example.com', 'lhci-token': 't' }, 'lhci-upload: "lhci-server" is not a target: lhci'],
  ])("refuses %s without what it needs (exit 2 at the job's end, after the review; nothing uploaded)", async (target, inputs, message) => {
    const job = new Job(tempDir(), { 'lhci-upload': target, ...inputs }, {});
    const refused = await job.run(job.step('Upload to Lighthouse CI'));
    // The review step after it still runs; the Verdict step fails the job with the upload's code.
    expect(refused.code).toBe(0);
    expect(refused.output).toContain(`::error title=perfgate::${message}`);
    expect(job.outputs['lhci-upload']).toEqual({ 'exit-code': '2' });
    job.outputs.run = { 'exit-code': '0' };
    expect((await job.run(job.step('Verdict'))).code).toBe(2);
    // A budget that failed is the job's exit code still.
    job.outputs.run = { 'exit-code': '1' };
    expect((await job.run(job.step('Verdict'))).code).toBe(1);
  });
});

describe('the action’s review step', () => {
  const github = fakeGitHub();
  beforeAll(() => new Promise<void>((resolve) => github.server.listen(0, '127.0.0.1', resolve)));
  afterAll(() => github.server.close());

  it('with comment: false and status: true sets the status alone, linked to the run whose job summary holds the review', async () => {
    const dir = tempDir();
    const results = writeJson(dir, 'results.json', CASES.regression!());
    const event = writeJson(dir, 'event.json', { pull_request: { number: 7, head: { sha: 'abc1234def' } } });
    const job = new Job(
      dir,
      { comment: 'false', status: 'true', 'github-token': 'test-token' },
      {
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: event,
        GITHUB_REPOSITORY: 'acme/shop',
        GITHUB_SERVER_URL: 'https://github.example',
        GITHUB_RUN_ID: '42',
        GITHUB_API_URL: `http://127.0.0.1:${(github.server.address() as AddressInfo).port}/api/v3`,
      },
    );
    expect((await job.run(job.step('Find perfgate'))).code).toBe(0);
    job.outputs.run = { results };
    const posted = await job.run(job.step('Post the review'));
    expect(posted.code, posted.output).toBe(0);
    expect(posted.output).toContain('no comment (--status-only); the review is in the job summary');
    expect(github.state.comments).toEqual([]);
    expect(github.state.statuses).toEqual([
      expect.objectContaining({ sha: 'abc1234def', state: 'failure', context: 'perfgate', target_url: 'https://github.example/acme/shop/actions/runs/42' }),
    ]);
    expect(readFileSync(job.env.GITHUB_STEP_SUMMARY as string, 'utf8')).toContain('<!-- perfgate-review -->');

    // Neither: nothing posted.
    github.state.statuses = [];
    const quiet = new Job(dir, { comment: 'false', status: 'false' }, { GITHUB_EVENT_NAME: 'pull_request' });
    quiet.outputs.run = { results };
    const skipped = await quiet.run(quiet.step('Post the review'));
    expect(skipped.code, skipped.output).toBe(0);
    expect(skipped.output).toContain('comment: false; the review is in the job summary');
    expect(github.state.statuses).toEqual([]);
  });
});

describe('the action on a pull request, step by step, in real Chromium', () => {
  const github = fakeGitHub();
  let job: Job;
  const codes: Record<string, number | null> = {};
  let postgres: TestPostgres;
  let lhciServer: Awaited<ReturnType<typeof startLhciServer>>;
  let project: { id: string; token: string };

  beforeAll(async () => {
    await new Promise<void>((resolve) => github.server.listen(0, '127.0.0.1', resolve));
    // The team's Lighthouse CI server, which the runs are uploaded to as well (on PostgreSQL).
    postgres = await startPostgres();
    lhciServer = await startLhciServer(postgres.url);
    project = lhciServer.project;
    const { workspace } = pullRequestCheckout();
    execFileSync('cp', ['-r', 'src', 'dist'], { cwd: path.join(workspace, 'web') });
    const event = writeJson(tempDir(), 'event.json', { pull_request: { number: 7, head: { sha: 'abc1234def' } } });
    job = new Job(
      workspace,
      {
        'working-directory': 'web',
        'base-build': 'cp -r src dist',
        status: 'true',
        'github-token': 'test-token',
        'lhci-upload': 'lhci',
        'lhci-server-base-url': lhciServer.url,
        'lhci-token': project.token,
        'save-traces': 'true',
      },
      {
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_BASE_REF: 'main',
        GITHUB_EVENT_PATH: event,
        GITHUB_REPOSITORY: 'acme/shop',
        GITHUB_API_URL: `http://127.0.0.1:${(github.server.address() as AddressInfo).port}/api/v3`,
      },
    );
    // What actions/upload-artifact answers; the review step links it.
    job.outputs.artifact = { 'artifact-url': 'https://github.com/acme/shop/actions/runs/9/artifacts/42' };
    for (const step of steps.filter((s) => s.run)) codes[step.name] = (await job.run(step)).code;
  }, 240_000);
  afterAll(async () => {
    github.server.close();
    await lhciServer?.close();
    postgres?.stop();
  });

  it('measures side by side with the base built beside it, posts the review and the status, and fails the job on the failed budget', () => {
    expect(codes, job.log.join('\n')).toEqual({
      'Find or install Chromium': 0,
      'Find perfgate': 0,
      'Build the base commit beside it': 0,
      'perfgate run': 0,
      'Upload to Lighthouse CI': 0,
      'Post the review': 0,
      Verdict: 1,
    });
    const run = job.outputs.run as Record<string, string>;
    expect(run).toMatchObject({ 'exit-code': '1', verdict: 'fail', results: path.join(job.workspace, 'web', '.perfgate', 'results.json') });
    const results = JSON.parse(readFileSync(run.results as string, 'utf8'));
    expect(results.comparison.base.measured).toBe('side by side');
    // Lighthouse CI's manifest.json beside it: the pull request's run of each page, one representative each.
    expect(run['manifest-path']).toBe(path.join(job.workspace, 'web', '.perfgate', 'manifest.json'));
    const manifest = JSON.parse(readFileSync(run['manifest-path'] as string, 'utf8'));
    // The `manifest` output is its content, as treosh/lighthouse-ci-action gives it: `${{ steps.x.outputs.manifest }}` pasted into a script is its array.
    expect(JSON.parse(run.manifest as string)).toEqual(manifest);
    expect(manifest.map((e: { url: string; isRepresentativeRun: boolean }) => [new URL(e.url).pathname, e.isRepresentativeRun])).toEqual([
      ['/', true],
      ['/about/', true],
    ]);
    // The `assertion-results` output is lhci assert's file, as treosh's `assertionResults` gives it: the failed budget of each page.
    const failed = { auditId: 'resource-summary', auditProperty: 'total.size', name: 'maxNumericValue', level: 'error', expected: 100 };
    expect(JSON.parse(run['assertion-results'] as string)).toEqual([
      expect.objectContaining({ ...failed, page: 'home' }),
      expect.objectContaining({ ...failed, page: 'about' }),
    ]);
    // The pull request changed the about page only: it is measured on both builds, the head's run first,
    // and the base's runs are kept beside the head's; home loads the same files from both and is measured once.
    type Measured = { name: string; base?: { measuredRuns: number }; order?: string[]; identicalBase?: { files: number } };
    expect(results.pages.map((p: Measured) => [p.name, p.base?.measuredRuns, p.order, p.identicalBase?.files])).toEqual([
      ['home', undefined, undefined, 1],
      ['about', 1, ['head', 'base'], undefined],
    ]);
    // save-traces: the page measured side by side keeps both sides' traces for the artifact; the one measured once, its own.
    expect(
      results.pages.map((p: Measured & { reports: { trace?: string }; base?: { reports: { trace?: string } } }) => [p.reports.trace, p.base?.reports.trace]),
    ).toEqual([
      ['reports/home.trace.json', undefined],
      ['reports/about.trace.json', 'reports/about.base.trace.json'],
    ]);
    for (const file of ['home.trace.json', 'about.trace.json', 'about.base.trace.json'])
      expect(existsSync(path.join(job.workspace, 'web', '.perfgate', 'reports', file)), file).toBe(true);
    // The id is the package's folder; the fork workflow finds the pull request's number beside the results.
    expect(readFileSync(path.join(job.workspace, 'web', '.perfgate', 'pr-number'), 'utf8').trim()).toBe('7');
    const log = job.log.join('\n');
    expect(log).toMatch(/^::error title=perfgate%3A home Total size::fail: Total size \d+ B against - \/ 100 B \(warn \/ error\)$/m);
    const summary = readFileSync(job.env.GITHUB_STEP_SUMMARY as string, 'utf8');
    expect(summary.match(/<!-- perfgate-review id=web -->/g)).toHaveLength(1);
    expect(github.state.comments).toHaveLength(1);
    expect(github.state.comments[0]?.body.startsWith('<!-- perfgate-review id=web -->\n## ✖ perfgate (web): ')).toBe(true);
    expect(github.state.statuses).toEqual([expect.objectContaining({ sha: 'abc1234def', state: 'failure', context: 'perfgate/web' })]);
    // The HTML reports are a click away: in the artifact uploaded before the review, at their paths in it.
    expect(github.state.comments[0]?.body).toContain(
      "The HTML reports and results.json are in [this run's artifact](https://github.com/acme/shop/actions/runs/9/artifacts/42)",
    );
    expect(github.state.comments[0]?.body).toContain(
      '\n- **about** · report: `reports/about.report.html` · traces (here, base): `reports/about.trace.json`, `reports/about.base.trace.json`\n',
    );
    // The upload comes before the review, and does not stop it when it fails.
    const names = steps.map((s) => s.name);
    expect(names.indexOf('Keep the results and reports')).toBeLessThan(names.indexOf('Post the review'));
    // The Lighthouse CI upload before both: its links are in the artifact, for the fork workflow's review too.
    expect(names.indexOf('Upload to Lighthouse CI')).toBeLessThan(names.indexOf('Keep the results and reports'));
  });

  it('uploads the runs to the Lighthouse CI server (lhci-upload), and gives its links as treosh’s action does', async () => {
    const api = `${lhciServer.url}/v1/projects/${project.id}`;
    const builds = (await (await fetch(`${api}/builds`)).json()) as Array<{ id: string; hash: string }>;
    expect(builds.map((b) => b.hash)).toEqual([git(job.workspace, 'rev-parse', 'HEAD')]);
    const runs = (await (await fetch(`${api}/builds/${builds[0]?.id}/runs`)).json()) as Array<{ url: string }>;
    // Lighthouse CI names the port PORT, so that builds on other ports compare.
    expect(runs.map((r) => r.url).sort()).toEqual(['http://127.0.0.1:PORT/', 'http://127.0.0.1:PORT/about/']);
    const links = JSON.parse((job.outputs['lhci-upload'] as Record<string, string>).links as string) as Record<string, string>;
    expect(Object.values(links)).toHaveLength(2);
    for (const link of Object.values(links)) expect(link).toContain(`${lhciServer.url}/app/projects/shop/compare/${builds[0]?.id}`);
    expect(job.outputs['lhci-upload']?.['exit-code']).toBe('0');
    // The review, posted after the upload, links each page's build diff on the server.
    const linkOf = (url: string) => links[Object.keys(links).find((key) => new URL(key).pathname === url) as string] as string;
    expect(linkOf('/')).toMatch(/compareUrl=/);
    const line = `On Lighthouse CI: [home](${linkOf('/')}) · [about](${linkOf('/about/')})\n`;
    expect(github.state.comments[0]?.body).toContain(line);
    // The job summary, which perfgate run wrote before the upload, gets the line under its review, once.
    const summary = readFileSync(job.env.GITHUB_STEP_SUMMARY as string, 'utf8');
    expect(summary.split(line)).toHaveLength(2);
    expect(summary.indexOf(line)).toBeGreaterThan(summary.indexOf('<!-- perfgate-review'));
    expect(summary.indexOf('<!-- perfgate-review')).toBeGreaterThanOrEqual(0);
    expect(steps.find((s) => s.name === 'Keep the results and reports')).toMatchObject({ 'continue-on-error': true });
  });
});
