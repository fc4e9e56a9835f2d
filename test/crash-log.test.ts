import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CRASH_EXIT_CODE, maskArguments, maskUrlPasswords } from '../src/crash-log.js';
import { main } from '../src/main.js';
import { CASES } from './report/cases.js';
import { runCli, tempDir, writeJson } from './helpers.js';

const logPathIn = (stderr: string) => /are in (\S+\.log):/.exec(stderr)?.[1] ?? null;

describe('an internal error', () => {
  it('exits 4 (not 1, a failed budget) with a short message, and the stack in a log under .perfgate/', async () => {
    const dir = tempDir();
    writeJson(dir, 'results.json', CASES.pass!());
    let stderr = '';
    const code = await main(['report', '--results', 'results.json', '--reports-base', 'https://token:hunter2@example.com/'], {
      // A stream that breaks: nothing perfgate expects, so the exception is a bug of the program.
      stdout: {
        isTTY: false,
        write: () => {
          throw new TypeError('the stream broke');
        },
      },
      stderr: {
        isTTY: false,
        write: (s: string) => {
          stderr += s;
          return true;
        },
      },
      env: { NO_COLOR: '1' },
      cwd: dir,
    });
    expect(code).toBe(CRASH_EXIT_CODE);
    expect(code).toBe(4);
    expect(stderr).toContain('perfgate hit an internal error (a bug in perfgate, not in your pages or budgets): the stream broke');
    expect(stderr).not.toContain('    at ');
    const log = logPathIn(stderr);
    expect(log && path.dirname(log)).toBe(path.join(dir, '.perfgate'));
    const text = readFileSync(log as string, 'utf8');
    expect(text).toMatch(/^perfgate \d+\.\d+\.\d+\S* crashed at \d{4}-/);
    expect(text).toContain(`node ${process.version}`);
    expect(text).toContain('TypeError: the stream broke\n    at ');
    expect(text).toContain('arguments: report --results results.json --reports-base https://token:***@example.com/');
    expect(text).not.toContain('hunter2');
  });

  it('outside any command, in the bin (an uncaught exception while the collector serves): exit 4 and a log', async () => {
    const dir = tempDir();
    const boom = path.join(dir, 'boom.mjs');
    // Loaded before perfgate: throws from a timer once the collector is up.
    writeFileSync(boom, "setTimeout(() => { throw new RangeError('thrown from a timer'); }, 1500);\n");
    const result = await runCli(['collector', '--port', '0', '--db', path.join(dir, 'field.db')], {
      cwd: dir,
      env: { NODE_OPTIONS: `--import ${boom}` },
    });
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('internal error (a bug in perfgate, not in your pages or budgets): thrown from a timer');
    const log = logPathIn(result.stderr);
    expect(log !== null && existsSync(log)).toBe(true);
    expect(readFileSync(log as string, 'utf8')).toContain('RangeError: thrown from a timer');
  });
});

describe('what a crash log may hold', () => {
  it('masks the values of secret flags and passwords in URLs, in both spellings of a flag', () => {
    expect(
      maskArguments(['collector', '--read-token', 'abc123', '--write-token=def456', '--database-url', 'postgres://app:pw@db/field', '--db', 'field.db']),
    ).toEqual(['collector', '--read-token', '***', '--write-token=***', '--database-url', '***', '--db', 'field.db']);
    expect(maskUrlPasswords('connect to postgres://app:s3cret@db:5432/field failed')).toBe('connect to postgres://app:***@db:5432/field failed');
    expect(maskUrlPasswords('http://example.com/a@b')).toBe('http://example.com/a@b');
  });
});
