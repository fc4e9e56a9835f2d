import { describe, expect, it } from 'vitest';
import { lhciAssertionResults } from '../../src/report/lhci-assertion-results.js';
import type { Verdict } from '../../src/types.js';
import { CASES } from './cases.js';
import { lcpVerdict } from './verdict.js';

const verdict = lcpVerdict;

/** The one entry of a results whose only budget is the verdict, or undefined. */
function entryOf(v: Verdict) {
  const results = CASES.pass!();
  const entries = lhciAssertionResults({ ...results, budgets: [v] });
  expect(entries.length).toBeLessThanOrEqual(1);
  return entries[0];
}

describe('lhciAssertionResults', () => {
  it.each([
    ['a timing', verdict({}), { auditId: 'largest-contentful-paint', name: 'maxNumericValue' }],
    [
      'a category score',
      verdict({ kind: 'score', id: 'categories:best-practices', operator: '>=', warn: 0.9, error: 0.8, actual: 0.7, values: [0.7], unit: 'score' }),
      { auditId: 'categories', auditProperty: 'best-practices', name: 'minScore' },
    ],
    [
      'a resource count',
      verdict({ kind: 'resource', id: 'resource-summary:third-party:count', warn: null, error: 10, actual: 12, values: [12] }),
      { auditId: 'resource-summary', auditProperty: 'third-party.count', name: 'maxNumericValue' },
    ],
    [
      'an audit',
      verdict({ kind: 'audit', id: 'dom-size:maxLength', warn: null, error: 2, actual: 3, values: [3] }),
      { auditId: 'dom-size', name: 'maxLength' },
    ],
    [
      'a user timing',
      verdict({ kind: 'audit', id: 'user-timings:hero-rendered:maxNumericValue', warn: null, error: 2500, actual: 2600, values: [2600] }),
      { auditId: 'user-timings', auditProperty: 'hero-rendered', name: 'maxNumericValue' },
    ],
  ])('names %s as Lighthouse CI does', (_, v, assertion) => {
    const entry = entryOf(v);
    expect(entry).toMatchObject({ ...assertion, passed: false, level: 'error', expected: v.error, actual: v.actual, values: v.values, operator: v.operator });
    expect(entry?.auditProperty).toBe((assertion as { auditProperty?: string }).auditProperty);
    expect(entry?.url).toBe('https://shop.example.com/');
  });

  it.each([
    ['a failure at its error limit', verdict({ status: 'fail' }), { level: 'error', expected: 4000 }],
    ['a warning at its warn limit', verdict({ status: 'warn', actual: 3000 }), { level: 'warn', expected: 2500 }],
    ['a failure of an error-only budget', verdict({ status: 'fail', warn: null }), { level: 'error', expected: 4000 }],
    [
      'a budget not measured, at its highest level, with null for Lighthouse CI’s NaN',
      verdict({ status: 'error', actual: null, values: [], message: 'page not measured: NO_FCP' }),
      { level: 'error', expected: 4000, actual: null, message: 'page not measured: NO_FCP' },
    ],
    [
      'a borderline budget at the limit nearest its median, as a warning (it does not fail the run)',
      verdict({ status: 'borderline', actual: 3950, message: 'borderline: the error limit lies within the noise' }),
      { level: 'warn', expected: 4000, message: 'borderline: the error limit lies within the noise' },
    ],
  ])('gives %s', (_, v, expected) => {
    expect(entryOf(v)).toMatchObject(expected);
  });

  it('leaves out passing budgets and those Lighthouse CI has no assertion for', () => {
    expect(entryOf(verdict({ status: 'pass', actual: 1200 }))).toBeUndefined();
    for (const kind of ['bundle', 'field', 'regression'] as const) expect(entryOf(verdict({ kind, id: `${kind}:x` }))).toBeUndefined();
  });

  it("keeps a flow step's budgets, with the step's name beside its URL", () => {
    const results = CASES.pass!();
    results.pages.push({ ...(results.pages[0] as (typeof results.pages)[number]), name: 'buy › add to cart', url: 'https://shop.example.com/item/' });
    const entries = lhciAssertionResults({ ...results, budgets: [verdict({ kind: 'flow', page: 'buy › add to cart', id: 'interaction-to-next-paint' })] });
    expect(entries).toEqual([
      expect.objectContaining({ auditId: 'interaction-to-next-paint', url: 'https://shop.example.com/item/', page: 'buy › add to cart' }),
    ]);
  });

  it('lists exactly the budgets that did not pass: none when every budget passes', () => {
    expect(lhciAssertionResults(CASES.pass!())).toEqual([]);
    expect(lhciAssertionResults(CASES.fail!()).length).toBeGreaterThan(1);
    expect(CASES.fail!().budgets.some((b) => b.kind === 'bundle' && b.status === 'fail')).toBe(true);
    expect(lhciAssertionResults(CASES.fail!()).map((e) => `${e.level} ${e.auditId}${e.auditProperty ? `.${e.auditProperty}` : ''}`)).toEqual(
      CASES.fail!()
        // (A bundle's budget has no Lighthouse CI assertion.)
        .budgets.filter((b) => (b.status === 'fail' || b.status === 'warn') && b.kind !== 'bundle')
        .map((b) => `${b.status === 'fail' ? 'error' : 'warn'} ${b.id.replace(':', '.')}`),
    );
  });
});
