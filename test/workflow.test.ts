import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from './helpers.js';

const dir = path.join(ROOT, '.github/workflows');

describe.each(readdirSync(dir).filter((f) => f.endsWith('.yml')))('workflow %s', (file) => {
  const workflow = parse(readFileSync(path.join(dir, file), 'utf8')) as {
    on: Record<string, unknown>;
    jobs: Record<string, { steps: Array<{ name?: string; run?: string; uses?: string }> }>;
  };

  it('is valid YAML that runs on pull requests', () => {
    expect(workflow.on).toHaveProperty('pull_request');
  });

  it('runs only commands the package has', () => {
    const scripts = Object.keys(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts);
    const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
    for (const step of steps) {
      expect(step.run ?? step.uses, `step "${step.name}" does something`).toBeTruthy();
      for (const [, script] of (step.run ?? '').matchAll(/npm run ([\w:-]+)/g)) expect(scripts).toContain(script);
    }
    const commands = steps.flatMap((s) => [...(s.run ?? '').matchAll(/npx perfgate (\w+)/g)].map((m) => m[1]));
    expect(commands.length).toBeGreaterThan(0);
    for (const command of commands) expect(['run', 'assert', 'size', 'report', 'comment', 'merge', 'compare', 'collector']).toContain(command);
  });
});
