import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pageClues } from '../src/page-clues.js';
import { scriptName } from '../src/report/clue-lines.js';
import { PAGE_DOCUMENT, runClues } from '../src/run-clues.js';
import { LHR_A, LHR_B } from './helpers.js';

const lhrA = JSON.parse(readFileSync(LHR_A, 'utf8'));
const lhrB = JSON.parse(readFileSync(LHR_B, 'utf8'));

describe('runClues', () => {
  it("reads the LCP element and the main thread's work from a real Lighthouse 12 report", () => {
    const clues = runClues(lhrA);
    const node = lhrA.audits['largest-contentful-paint-element'].details.items[0].items[0].node;
    expect(clues.lcpElement).toEqual({ selector: node.selector, label: node.nodeLabel, snippet: node.snippet });
    expect(node.snippet).toMatch(/^</);
    const rows = lhrA.audits['mainthread-work-breakdown'].details.items as Array<{ group: string; duration: number }>;
    expect(Object.keys(clues.mainThread).sort()).toEqual(rows.map((r) => r.group).sort());
    expect(clues.mainThread.scriptEvaluation).toBe(rows.find((r) => r.group === 'scriptEvaluation')?.duration);
  });

  it("reads each script's main-thread time: the page's own by path, another site's by origin and path, the document as the page itself", () => {
    const { scripts } = runClues(lhrA);
    const rows = lhrA.audits['bootup-time'].details.items as Array<{ url: string; total: number }>;
    const total = (url: string) => rows.filter((r) => r.url === url).reduce((sum, r) => sum + r.total, 0);
    expect(scripts[PAGE_DOCUMENT]).toBe(total('https://www.coursehero.com/'));
    expect(scripts['/Ifainesse-What-mine-Alasterd-the-How-I-haile-Lad']).toBe(
      total('https://www.coursehero.com/Ifainesse-What-mine-Alasterd-the-How-I-haile-Lad'),
    );
    expect(scripts['https://cdnjs.cloudflare.com/ajax/libs/lottie-web/5.10.2/lottie_light.min.js']).toBeGreaterThan(0);
    // The query is not part of a script's key; Lighthouse's "Unattributable" is no script.
    expect(scripts['https://www.googletagmanager.com/gtm.js']).toBe(total('https://www.googletagmanager.com/gtm.js?id=GTM-DK9F'));
    expect(Object.keys(scripts)).not.toContain('Unattributable');
    expect(Object.keys(scripts)).toHaveLength(rows.length - 1);
  });

  it("reads Lighthouse 13's LCP insight, whose node follows the table of subparts", () => {
    const node = { type: 'node', selector: 'main > img.hero', nodeLabel: '', snippet: '<img class="hero" src="hero.jpg">' };
    const report = {
      audits: {
        'lcp-breakdown-insight': {
          details: { type: 'list', items: [{ type: 'table', headings: [], items: [{ subpart: 'timeToFirstByte', duration: 12 }] }, node] },
        },
      },
    };
    // Without a text label, the snippet says which element it is.
    expect(runClues(report).lcpElement).toEqual({ selector: 'main > img.hero', label: '<img class="hero" src="hero.jpg">', snippet: node.snippet });
  });

  it('gives no clue where the report has none, and never throws on a damaged one', () => {
    expect(runClues({ audits: {} })).toEqual({ lcpElement: null, mainThread: {}, shifts: [], scripts: {} });
    expect(runClues(null)).toEqual({ lcpElement: null, mainThread: {}, shifts: [], scripts: {} });
    expect(
      runClues({
        audits: {
          'largest-contentful-paint-element': { details: { items: [null, 3, { items: 'x' }] } },
          'mainthread-work-breakdown': { details: { items: [null, { group: 'other', duration: 'x' }] } },
        },
      }),
    ).toEqual({
      lcpElement: null,
      mainThread: {},
      shifts: [],
      scripts: {},
    });
  });
});

describe("a user flow step's INP interaction", () => {
  const button = { type: 'node', selector: 'main > button#slow', nodeLabel: 'Slow filter', snippet: '<button id="slow">' };
  /** Lighthouse 12.6's INP insight, as `adaptInsightToAuditProduct` writes it: a table of phases (ms), then the node. */
  const insight = (input: number, processing: number, presentation: number, node: object = button) => ({
    audits: {
      'interaction-to-next-paint-insight': {
        details: {
          type: 'list',
          items: [
            {
              type: 'table',
              headings: [],
              items: [
                { phase: 'inputDelay', label: 'Input delay', duration: input },
                { phase: 'processingDuration', label: 'Processing duration', duration: processing },
                { phase: 'presentationDelay', label: 'Presentation delay', duration: presentation },
              ],
            },
            node,
          ],
        },
      },
    },
  });

  it('reads the element and phases from the INP insight (12.6 and 13), else the element from work-during-interaction', () => {
    expect(runClues(insight(2, 290, 24)).interaction).toEqual({
      element: { selector: 'main > button#slow', label: 'Slow filter', snippet: '<button id="slow">' },
      phases: { inputDelay: 2, processingDuration: 290, presentationDelay: 24 },
    });
    // Headless Chromium's trace often holds no node for the interaction: the insight then gives the phases alone.
    const unnamed = insight(9, 411, 29);
    unnamed.audits['interaction-to-next-paint-insight'].details.items.pop();
    expect(runClues(unnamed).interaction).toEqual({ element: null, phases: { inputDelay: 9, processingDuration: 411, presentationDelay: 29 } });
    // Lighthouse 13 names its table's rows by subpart.
    const v13 = insight(3, 100, 10);
    const table = v13.audits['interaction-to-next-paint-insight'].details.items[0] as { items: Array<Record<string, unknown>> };
    table.items = table.items.map(({ phase, ...row }) => ({ subpart: phase, ...row }));
    expect(runClues({ audits: { 'inp-breakdown-insight': v13.audits['interaction-to-next-paint-insight'] } }).interaction?.phases).toEqual({
      inputDelay: 3,
      processingDuration: 100,
      presentationDelay: 10,
    });
    // work-during-interaction: the node in a table; its phases (start and end times of the interaction's longest
    // event, often the pointerup rather than the click that did the work) are not the interaction's: not taken.
    const work = {
      audits: {
        'work-during-interaction': {
          details: {
            type: 'list',
            items: [
              { type: 'table', headings: [], items: [{ node: button }] },
              { type: 'table', headings: [], items: [{ phase: 'Input delay', total: 2 }] },
              {
                type: 'debugdata',
                interactionType: 'pointer',
                phases: {
                  inputDelay: { startTs: 1_000_000, endTs: 1_002_000 },
                  processingDuration: { startTs: 1_002_000, endTs: 1_292_000 },
                  presentationDelay: { startTs: 1_292_000, endTs: 1_316_000 },
                },
              },
            ],
          },
        },
      },
    };
    expect(runClues(work).interaction).toEqual({
      element: { selector: 'main > button#slow', label: 'Slow filter', snippet: '<button id="slow">' },
      phases: null,
    });
    // Both: the insight's phases, work-during-interaction's element.
    const unnamedInsight = insight(9, 411, 29);
    unnamedInsight.audits['interaction-to-next-paint-insight'].details.items.pop();
    expect(runClues({ audits: { ...unnamedInsight.audits, ...work.audits } }).interaction).toEqual({
      element: { selector: 'main > button#slow', label: 'Slow filter', snippet: '<button id="slow">' },
      phases: { inputDelay: 9, processingDuration: 411, presentationDelay: 29 },
    });
    // A page's run, or a step with no interaction: no such clue.
    expect(runClues(lhrA)).not.toHaveProperty('interaction');
    expect(runClues({ audits: { 'interaction-to-next-paint-insight': { details: undefined } } })).not.toHaveProperty('interaction');
  });

  it('takes the element most runs name, with the median of each phase over those runs', () => {
    const other = { type: 'node', selector: 'main > input', nodeLabel: 'Search', snippet: '<input>' };
    const runs = [insight(2, 290, 24), insight(4, 310, 20), insight(1, 50, 10, other), insight(3, 280, 30)].map(runClues);
    expect(pageClues(runs)?.interaction).toEqual({
      element: { selector: 'main > button#slow', label: 'Slow filter', snippet: '<button id="slow">' },
      phases: { inputDelay: 3, processingDuration: 290, presentationDelay: 24 },
      runs: 3,
    });
    // No run named the element: the phases of every run.
    const unnamed = runs.map((r) => ({ ...r, interaction: { element: null, phases: r.interaction!.phases } }));
    expect(pageClues(unnamed)?.interaction).toEqual({ element: null, phases: { inputDelay: 2.5, processingDuration: 285, presentationDelay: 22 }, runs: 4 });
    // Pages have none.
    expect(pageClues([runClues(lhrA)])).not.toHaveProperty('interaction');
  });
});

describe('pageClues', () => {
  it('takes the element most runs name, with in how many, and the median of each kind of work', () => {
    const a = runClues(lhrA);
    const b = runClues(lhrB);
    const other = { selector: 'footer', label: 'Footer' };
    const page = pageClues([a, { ...b, lcpElement: other }, a]);
    expect(page?.lcpElement).toEqual({ ...a.lcpElement, runs: 2 });
    const groups = new Set([...Object.keys(a.mainThread), ...Object.keys(b.mainThread)]);
    for (const group of groups) {
      const values = [a.mainThread[group] ?? 0, b.mainThread[group] ?? 0, a.mainThread[group] ?? 0].sort((x, y) => x - y);
      expect(page?.mainThread[group]).toBe(values[1]);
    }
  });

  it('is null without runs or clues (samples made before perfgate read them)', () => {
    expect(pageClues([])).toBeNull();
    expect(pageClues([undefined, undefined])).toBeNull();
    expect(pageClues([{ lcpElement: null, mainThread: {}, shifts: [], scripts: {} }])).toBeNull();
  });
});

describe('scriptName', () => {
  it.each([
    ['/assets/index-BxK3a9Qz.js', '/assets/index-*.js'],
    ['/static/js/main.3f2a9c1d.js', '/static/js/main.*.js'],
    [
      'https://assets.coursehero.com/ssi/ssihomepageHomepageApp.02629657fa4789f9494d.bundle.js',
      'https://assets.coursehero.com/ssi/ssihomepageHomepageApp.*.bundle.js',
    ],
    ['/chunk-2a9c1d3f.mjs', '/chunk-*.mjs'],
    // Not a hash: no digit, too short, or a version.
    ['/assets/vendor-libraries.js', '/assets/vendor-libraries.js'],
    ['/app.js', '/app.js'],
    ['https://assets.coursehero.com/assets/react/react.18.2.0.production.min.js', 'https://assets.coursehero.com/assets/react/react.18.2.0.production.min.js'],
    [PAGE_DOCUMENT, PAGE_DOCUMENT],
  ])('%s → %s', (key, name) => {
    expect(scriptName(key)).toBe(name);
  });
});
