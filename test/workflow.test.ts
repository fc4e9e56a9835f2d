import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { program } from '../src/main.js';
import { ROOT } from './helpers.js';

const dir = path.join(ROOT, '.github/workflows');

describe.each(readdirSync(dir).filter((f) => f.endsWith('.yml')))('workflow %s', (file) => {
  const workflow = parse(readFileSync(path.join(dir, file), 'utf8')) as {
    on: Record<string, unknown>;
    jobs: Record<string, { steps: Array<{ name?: string; run?: string; uses?: string; with?: Record<string, unknown> }> }>;
  };

  it('is valid YAML that runs on pull requests (or, for the fork pattern, after their runs)', () => {
    expect('pull_request' in workflow.on || 'workflow_run' in workflow.on).toBe(true);
  });

  it('runs only commands the package has', () => {
    const scripts = Object.keys(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts);
    const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
    for (const step of steps) {
      expect(step.run ?? step.uses, `step "${step.name}" does something`).toBeTruthy();
      for (const [, script] of (step.run ?? '').matchAll(/npm run ([\w:-]+)/g)) expect(scripts).toContain(script);
    }
    const commands = steps.flatMap((s) => [...(s.run ?? '').matchAll(/(?:npx perfgate|perfgate\/dist\/cli\.js) (\w+)/g)].map((m) => m[1]));
    // perfgate runs through its commands, or through its action (uses: ./).
    expect(commands.length + steps.filter((s) => s.uses === './').length).toBeGreaterThan(0);
    for (const command of commands) expect(['run', 'assert', 'size', 'report', 'comment', 'merge', 'compare', 'collector']).toContain(command);
  });

  it('passes expressions to scripts only through env (no ${{ }} inside a script, where a branch name or a title could inject commands)', () => {
    for (const step of Object.values(workflow.jobs).flatMap((job) => job.steps)) expect(step.run ?? '', `step "${step.name}"`).not.toContain('${{');
  });
});

describe('the fork pattern (perfgate-review.yml)', () => {
  const workflow = parse(readFileSync(path.join(dir, 'perfgate-review.yml'), 'utf8')) as {
    on: { workflow_run: { workflows: string[]; types: string[] } };
    permissions: Record<string, string>;
    jobs: { post: { if: string; steps: Array<{ name?: string; run?: string; uses?: string; with?: Record<string, unknown> }> } };
  };
  const main = parse(readFileSync(path.join(dir, 'perfgate.yml'), 'utf8')) as {
    name: string;
    jobs: Record<string, { steps: Array<{ uses?: string; with?: Record<string, unknown> }> }>;
  };

  it('follows the completed runs of the perfgate workflow, posting only for forks', () => {
    expect(workflow.on.workflow_run).toEqual({ workflows: [main.name], types: ['completed'] });
    expect(workflow.jobs.post.if).toContain('head_repository.full_name != github.repository');
    // The artifact it downloads is the one the pull request's run uploads.
    const mainSteps = Object.values(main.jobs).flatMap((job) => job.steps);
    // The artifacts the workflow uploads itself, and the one perfgate's action (uses: ./) uploads.
    const actionInputs = (parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> }).inputs;
    const uploaded = [
      ...mainSteps.filter((s) => s.uses?.startsWith('actions/upload-artifact')).map((s) => s.with?.name),
      ...mainSteps.filter((s) => s.uses === './').map((s) => s.with?.['artifact-name'] ?? actionInputs['artifact-name']?.default),
    ];
    const downloaded = workflow.jobs.post.steps.find((s) => s.uses?.startsWith('actions/download-artifact'))?.with?.name;
    expect(uploaded).toContain(downloaded);
    // The review links that artifact: the one perfgate comment looks up (--artifact-name, default "perfgate").
    const posting = workflow.jobs.post.steps.find((s) => s.name === 'Post the review')?.run ?? '';
    expect(posting).toContain('--artifact-of-run "$RUN_ID"');
    const quiet = { write: () => true };
    const comment = program({ stdout: quiet, stderr: quiet, env: {}, cwd: ROOT }, () => undefined).commands.find((c) => c.name() === 'comment');
    const defaultName = comment?.options.find((o) => o.long === '--artifact-name')?.defaultValue;
    expect(/--artifact-name\s+(\S+)/.exec(posting)?.[1] ?? defaultName).toBe(downloaded);
    expect(workflow.permissions.actions).toBe('read');
  });

  it("never checks out or runs the fork's code: only the default branch, without credentials left behind", () => {
    const checkouts = workflow.jobs.post.steps.filter((s) => s.uses?.startsWith('actions/checkout'));
    expect(checkouts).toHaveLength(1);
    expect(checkouts[0]?.with).not.toHaveProperty('ref');
    expect(checkouts[0]?.with).not.toHaveProperty('repository');
    expect(checkouts[0]?.with?.['persist-credentials']).toBe(false);
    const scripts = workflow.jobs.post.steps.map((s) => s.run ?? '').join('\n');
    expect(scripts).not.toMatch(/perfgate-review\/[^\s]*\.(?:sh|js|mjs|cjs)\b|source |\beval\b|bash perfgate-review/);
    expect(Object.keys(workflow.permissions).sort()).toEqual(['actions', 'pull-requests', 'statuses']);
  });
});
