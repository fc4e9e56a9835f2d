import { describe, expect, it } from 'vitest';
import { judgeRun } from '../../src/judge-run.js';
import { baseNote } from '../../src/report/base-note.js';
import { renderConsole } from '../../src/report/console.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import type { Results } from '../../src/results.js';
import { CASES } from './cases.js';

/** The regression case with the base measured on a machine of the given speed, from the given commit. */
function withBase(benchmarkIndex: number | null, commit: string | null): Results {
  const results = CASES.regression!();
  const comparison = results.comparison;
  if (!comparison) throw new Error('the regression case has a base');
  return { ...results, comparison: { ...comparison, base: { ...comparison.base, benchmarkIndex, commit } } };
}

describe('where the base was measured', () => {
  it('says the base is stored results from another machine and run, with its date, commit and machine speed', () => {
    const note = baseNote(withBase(1010, '0123456789abcdef0123'));
    expect(note.lines).toEqual([
      'The base was measured elsewhere: stored results made 2026-11-21 00:00 UTC of commit 0123456789ab, on another machine and run. Machine speed (Lighthouse benchmarkIndex): 1010 there, 1002 here.',
    ]);
    expect(note.warning).toBeNull();
  });

  it('warns when the two machines differ by more than 10 % in speed, in the review and the terminal', () => {
    const results = withBase(1300, null);
    expect(baseNote(results).warning).toBe("The two machines differ by 23 % in speed: a change below may be the machines', not the code's.");
    expect(renderMarkdown(results)).toContain('> ⚠ **The two machines differ by 23 \\% in speed');
    expect(renderConsole(results, { color: false })).toContain('▲ The two machines differ by 23 % in speed');
    expect(baseNote(withBase(1100, null)).warning).toBeNull();
  });

  it('says so when a machine speed is missing, and says nothing without a base', () => {
    expect(baseNote(withBase(null, null)).lines[0]).toContain('could not be compared');
    expect(baseNote(CASES['no-base']!())).toEqual({ lines: [], warning: null });
  });

  it("takes the base's commit and machine speed from its results.json, and records this run's commit", () => {
    const stored = CASES['no-base']!();
    const base = { ...stored, commit: 'abc1234', environment: { ...stored.environment, benchmarkIndex: 1500 } };
    const results = judgeRun({
      pages: stored.pages,
      budgets: null,
      base,
      environment: stored.environment,
      runsPerPage: 5,
      createdAt: '2026-12-01T00:00:00.000Z',
      version: '0.0.0',
      commit: 'def5678',
    });
    expect(results.commit).toBe('def5678');
    expect(results.comparison?.base).toMatchObject({ commit: 'abc1234', benchmarkIndex: 1500, measured: 'stored results' });
  });
});
