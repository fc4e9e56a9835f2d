import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CWV_THRESHOLDS, rating } from '../src/lab-vs-field.js';
import { CHARTED_METRICS, comparableTwin, FIELD_METRIC_NAMES, FIELD_METRICS } from '../src/field-metrics.js';
import { ROOT } from './helpers.js';

type Node = Record<string, unknown>;
/** The first object in a JSON tree that `match` accepts. */
function find(node: unknown, match: (node: Node) => boolean): Node {
  const stack = [node];
  while (stack.length) {
    const next = stack.shift();
    if (next && typeof next === 'object') {
      if (!Array.isArray(next) && match(next as Node)) return next as Node;
      stack.push(...Object.values(next));
    }
  }
  throw new Error('not found');
}
const schema = (name: string) => JSON.parse(readFileSync(path.join(ROOT, 'schema', name), 'utf8'));

describe('the field-metric table', () => {
  // Core Web Vitals thresholds as web.dev publishes them; the table takes them from web-vitals.
  it.each([
    ['LCP', 2500, 4000, 'ms'],
    ['INP', 200, 500, 'ms'],
    ['CLS', 0.1, 0.25, 'unitless'],
    ['FCP', 1800, 3000, 'ms'],
    ['TTFB', 800, 1800, 'ms'],
  ] as const)('%s: good up to %s, poor above %s (%s)', (name, good, poor, unit) => {
    expect(FIELD_METRICS[name]).toMatchObject({ good, poor, unit });
    expect(CWV_THRESHOLDS[name]).toEqual({ good, poor, unit });
    expect(rating(name, good)).toBe('good');
    expect(rating(name, poor)).toBe('needs-improvement');
    expect(rating(name, poor * 1.01)).toBe('poor');
  });

  it('is the one list of field metrics: the wire format and budgets.json schemas list the same names', () => {
    expect(FIELD_METRIC_NAMES).toEqual(['LCP', 'INP', 'CLS', 'FCP', 'TTFB']);
    const beacon = find(schema('beacon.schema.json'), (node) => Array.isArray(node.enum) && node.enum.includes('LCP'));
    expect([...(beacon.enum as string[])].sort()).toEqual([...FIELD_METRIC_NAMES].sort());
    const budgets = find(
      schema('budgets.schema.json'),
      (node) => typeof node.field === 'object' && node.field !== null && 'properties' in (node.field as object),
    );
    expect(Object.keys((budgets.field as { properties: object }).properties).sort()).toEqual([...FIELD_METRIC_NAMES].sort());
  });

  it('compares INP with no lab value: TBT is shown as its proxy only', () => {
    expect(FIELD_METRICS.INP).toMatchObject({ labTwin: 'total-blocking-time', twinIsProxy: true });
    expect(comparableTwin('INP')).toBeNull();
    expect(comparableTwin('LCP')).toBe('largest-contentful-paint');
    expect(comparableTwin('TTFB')).toBeNull();
    expect(CHARTED_METRICS).toEqual(['LCP', 'INP', 'CLS']);
  });
});
