import { describe, expect, it } from 'vitest';
import { assertBundles, type BundleMeasure } from '../src/bundles.js';
import type { BundleBudget } from '../src/config/model.js';
import { sizeLimitJson } from '../src/size-limit-json.js';

const bundle = (name: string, fields: Partial<BundleBudget> = {}): BundleBudget => ({
  name,
  patterns: [`dist/${name}.js`],
  baseDir: '/app',
  compression: 'brotli',
  size: { warn: 1000, error: 2000 },
  time: null,
  running: true,
  ...fields,
});
const measure = (name: string, bytes: number, time: BundleMeasure['time'] = null): BundleMeasure => ({
  name,
  files: [`dist/${name}.js`],
  fileBytes: [bytes],
  bytes,
  sources: null,
  time,
  timeError: null,
});

describe('sizeLimitJson (perfgate size --json, as size-limit --json)', () => {
  it('a bundle passes unless an error level failed (a warning passes); the size limit is the error level; times in seconds', () => {
    const budgets = [
      bundle('warned'),
      bundle('failed'),
      bundle('timed', { size: { warn: null, error: null }, time: { warn: null, error: 500 } }),
      bundle('loaded only', { time: { warn: null, error: 5000 }, running: false }),
    ];
    const measures = [
      measure('warned', 1500),
      measure('failed', 2500),
      measure('timed', 800, { loadMs: 250, runMs: 400, totalMs: 650 }),
      measure('loaded only', 800, { loadMs: 250, runMs: 0, totalMs: 250 }),
    ];
    expect(sizeLimitJson(budgets, measures, assertBundles(budgets, measures))).toEqual([
      { name: 'warned', passed: true, size: 1500, sizeLimit: 2000 },
      { name: 'failed', passed: false, size: 2500, sizeLimit: 2000 },
      { name: 'timed', passed: false, size: 800, running: 0.4, loading: 0.25 },
      { name: 'loaded only', passed: true, size: 800, sizeLimit: 2000, loading: 0.25 },
    ]);
  });
});
