import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

describe('the npm package', () => {
  const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' }))[0] as {
    files: Array<{ path: string }>;
  };
  const files = packed.files.map((f) => f.path);

  it("holds the CLI, the library, the schemas, the RUM files, the collector's deployment files and the README", () => {
    for (const file of [
      'dist/cli.js',
      'dist/index.js',
      'dist/index.d.ts',
      'dist/lhci/index.js',
      'dist/rum/index.js',
      'dist/rum/perfgate-rum.js',
      'dist/rum/perfgate-rum-loader.js',
      'schema/budgets.schema.json',
      'schema/results.schema.json',
      'deploy/nginx.conf',
      'deploy/Caddyfile',
      'deploy/perfgate-collector.service',
      'README.md',
      'package.json',
    ]) {
      expect(files).toContain(file);
    }
  });

  it('holds nothing users do not need', () => {
    expect(files.filter((f) => /^(src|test|example|scripts|rum\/src|node_modules|\.ci|\.github)\//.test(f) || f.endsWith('.map'))).toEqual([]);
  });

  it.each(Object.entries(pkg.exports as Record<string, string | { types: string; default: string }>))('export %s points at files that exist', (_, target) => {
    for (const file of typeof target === 'string' ? [target] : [target.types, target.default]) {
      if (file.includes('*')) continue;
      expect(existsSync(path.join(ROOT, file)), file).toBe(true);
    }
  });

  it('resolves its own exports by name', () => {
    const out = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "const m = await import('perfgate'); const l = await import('perfgate/lhci'); const r = await import('perfgate/rum'); const c = await import('perfgate/collector'); console.log(typeof m.median, typeof l.lhciConfig, typeof r.startRum, typeof c.createCollector)",
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(out.trim()).toBe('function function function function');
  });

  it('declares the bin', () => {
    expect(pkg.bin).toEqual({ perfgate: 'dist/cli.js' });
    expect(readFileSync(path.join(ROOT, 'dist/cli.js'), 'utf8').startsWith('#!/usr/bin/env node')).toBe(true);
  });
});
