import { describe, expect, it } from 'vitest';
import { storedBaseLines } from '../../src/commands/stored-base-lines.js';
import type { PageResult, Results } from '../../src/results.js';

/** Stored results holding only what the lines read: when, which commit and Lighthouse, and each page's name, form factor, error and flow. */
const stored = (pages: Array<Partial<PageResult> & { name: string }>, extra: Partial<Results> = {}): Results =>
  ({
    createdAt: '2026-12-04T10:15:42.123Z',
    lighthouseVersion: '12.6.1',
    pages: pages.map((p) => ({ formFactor: 'mobile', error: null, ...p })),
    ...extra,
  }) as Results;

describe('storedBaseLines (perfgate check --base results.json)', () => {
  it('names the stored results (commit, date, how many) and that they were measured elsewhere; nothing to warn when every page matches', () => {
    const lines = storedBaseLines(
      stored([{ name: 'home' }], { commit: '0123456789abcdef0123' }),
      '.perfgate/base/results.json',
      [{ name: 'home', formFactor: 'mobile' }],
      [],
      '12.6.1',
    );
    expect(lines).toEqual([
      {
        kind: 'ok',
        text: 'base: .perfgate/base/results.json, stored results of commit 0123456789ab made 2026-12-04 10:15 UTC (1 result): measured on another machine and run, so their changes carry its speed too (--base-dir measures both side by side)',
      },
    ]);
  });

  it('warns of what a run could not compare: another Lighthouse, pages and flows the base lacks or failed, another form factor', () => {
    const base = stored(
      [
        { name: 'home' },
        { name: 'cart', error: { code: 'ERRORED_DOCUMENT_REQUEST', message: 'status 500' } },
        { name: 'docs', formFactor: 'desktop' },
        { name: 'checkout › open', flow: { name: 'checkout', step: 'open', mode: 'navigation' } },
        { name: 'search', flow: { name: 'search', step: null, mode: null }, error: { code: 'FLOW_FAILED', message: 'no run' } },
      ],
      { lighthouseVersion: '12.4.0' },
    );
    const pages = [
      { name: 'home', formFactor: 'mobile' as const },
      { name: 'pricing', formFactor: 'mobile' as const },
      { name: 'cart', formFactor: 'mobile' as const },
      { name: 'docs', formFactor: 'mobile' as const },
    ];
    const flows = [{ name: 'checkout' }, { name: 'search' }, { name: 'signup' }];
    const lines = storedBaseLines(base, 'base.json', pages, flows, '12.6.1');
    expect(lines.filter((l) => l.kind === 'warn').map((l) => l.text)).toEqual([
      'base: measured with Lighthouse 12.4.0, this installation is 12.6.1: a version can change what a metric measures, so every change is shown but not judged',
      'base: has no results for pricing, flow signup: measured without a base (pages are matched by name)',
      'base: could not measure cart (ERRORED_DOCUMENT_REQUEST), flow search (FLOW_FAILED): measured without a base',
      'base: measured docs (desktop there, mobile here): their changes are shown but not judged',
    ]);
    expect(lines[0]?.text).toContain('stored results made 2026-12-04 10:15 UTC (5 results)');
  });
});
