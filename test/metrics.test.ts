import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractRun, isLighthouseReport } from '../src/metrics.js';
import { METRIC_IDS } from '../src/rules.js';
import { LHR_A, LHR_B } from './helpers.js';

type Lhr = {
  audits: Record<string, { numericValue?: number; details?: { items: Array<{ resourceType: string; transferSize: number; requestCount: number }> } }>;
  categories: Record<string, { score: number }>;
  environment: { benchmarkIndex: number };
};

describe.each([LHR_A, LHR_B])('extractRun on the real report %s', (file) => {
  const lhr = JSON.parse(readFileSync(file, 'utf8')) as Lhr;
  const sample = extractRun(lhr);

  it.each(METRIC_IDS)('%s equals the report’s numericValue', (id) => {
    expect(sample.metrics[id]).toBe(lhr.audits[id]?.numericValue);
  });

  it('takes every category score', () => {
    for (const [id, category] of Object.entries(lhr.categories)) expect(sample.scores[id as 'seo']).toBe(category.score);
  });

  it('takes transfer sizes and request counts from resource-summary', () => {
    for (const item of lhr.audits['resource-summary']?.details?.items ?? []) {
      expect(sample.resources[item.resourceType as 'total']).toEqual({ bytes: item.transferSize, requests: item.requestCount });
    }
    expect(sample.resources.total?.bytes).toBeGreaterThan(1_000_000);
  });

  it('reads version, environment and settings', () => {
    expect(sample.lighthouseVersion).toBe('12.0.0');
    expect(sample.environment.benchmarkIndex).toBe(lhr.environment.benchmarkIndex);
    expect(sample.environment.formFactor).toBe('mobile');
    expect(sample.environment.throttlingMethod).toBe('simulate');
    expect(sample.runtimeError).toBeNull();
  });
});

describe('extractRun on damaged input', () => {
  it('reports missing audits as absent, never as zero', () => {
    const sample = extractRun({ lighthouseVersion: '12.6.1', audits: { interactive: {}, 'speed-index': { numericValue: 'x' } } });
    expect(sample.metrics).toEqual({});
    expect(sample.resources).toEqual({});
  });
  it('keeps the runtime error', () => {
    const sample = extractRun({ lighthouseVersion: '12.6.1', audits: {}, runtimeError: { code: 'NO_FCP', message: 'The page did not paint any content.' } });
    expect(sample.runtimeError).toEqual({ code: 'NO_FCP', message: 'The page did not paint any content.' });
  });
  it.each([
    [{ lighthouseVersion: '12.6.1', audits: {} }, true],
    [{ audits: {} }, false],
    [[], false],
    [null, false],
  ])('isLighthouseReport(%j) = %s', (value, expected) => {
    expect(isLighthouseReport(value)).toBe(expected);
  });
});
