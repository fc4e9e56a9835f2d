import { describe, expect, it } from 'vitest';
import { clueLines } from '../../src/report/clue-lines.js';
import { renderConsole } from '../../src/report/console.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { summarizePage } from '../../src/results.js';
import type { Verdict } from '../../src/types.js';
import { bundleVerdict, CASES } from './cases.js';

describe('renderConsole', () => {
  it('prints a table per page with median, range, budget, change against the base and status, and a verdict line', () => {
    const text = renderConsole(CASES.regression!(), { color: false });
    const home = text.split('\n').filter((line) => line.startsWith('  LCP'))[0]!;
    expect(home).toMatch(/^ {2}LCP\s+1\.62 s\s+1\.60 s - 1\.65 s\s+1\.22 s\s+2\.50 s \/ 4\.00 s\s+\+400 ms \(\+32\.8 %\) regressed\s+✔ pass$/);
    expect(text).toMatch(/\n {2}metric\s+median\s+min-max\s+base\s+budget \(warn \/ error\)\s+change\s+status\n/);
    expect(text).toContain('home  https://shop.example.com/  (8/8 runs, mobile)');
    expect(text.split('\n')[0]).toMatch(/^Against stored results of 3f2c1a9e8b7d, 2026-11-21 00:00 UTC, Holm over 8 comparisons/);
    expect(text).toMatch(/LCP increase.*✖ fail/);
    expect(text).toMatch(/✖ fail: \d+ failed of \d+ budgets/);
  });

  it('says which page the stored results cannot be compared with, and why', () => {
    const text = renderConsole(CASES['stored-base-new-page']!(), { color: false });
    expect(text.split('\n')[0]).toMatch(/Holm over 4 comparisons \(α = 0\.05\); 1 page without a base there$/);
    const checkout = text.split('checkout  ')[1]!.split('\n');
    expect(checkout[1]).toBe("  not compared: the base's stored results have no page of this name (added or renamed since they were made)");
    expect(text.split('home  ')[1]!.split('checkout  ')[0]).not.toContain('not compared');
  });

  it('says under a page what the runs show about why its metrics moved: the LCP element, the main-thread work', () => {
    const lcp = renderConsole(CASES['side-by-side-regression']!(), { color: false });
    const home = lcp.split('\nhome  ')[1]!.split('\ncheckout  ')[0]!;
    expect(home).toContain(
      '  LCP element changed: main > img.hero “Runner on a mountain trail”; on the base: main > p.lead “Fast shoes for every trail, shipped the next day”',
    );
    // A page whose metrics did not move gets no clue.
    expect(lcp.split('\ncheckout  ')[1]).not.toContain('LCP element');
    const blocking = renderConsole(CASES['side-by-side-blocking']!(), { color: false });
    expect(blocking).toContain('  Main-thread work, median per run: 551 ms → 1.15 s; the largest change: script evaluation 350 ms → 950 ms (+600 ms)');
    // The bundle's name differs by its content hash between the builds: one script; the widget is new (Lighthouse lists scripts above 50 ms).
    expect(blocking).toContain(
      '  Scripts by main-thread time, median per run, base → here: /assets/app-*.js: 300 ms → 900 ms (+600 ms), https://widgets.example.net/chat.js: under 50 ms → 150 ms',
    );
    expect(blocking).not.toContain('LCP element');
    // A script listed in fewer than half of a side's runs has a median under Lighthouse's threshold: under 50 ms, not 0 ms.
    const rare = CASES['side-by-side-blocking']!();
    const checkout = rare.pages.find((p) => p.name === 'checkout')!;
    checkout.base!.clues!.scripts['https://widgets.example.net/chat.js'] = 0;
    expect(renderConsole(rare, { color: false })).toContain('https://widgets.example.net/chat.js: under 50 ms → 150 ms');
    // Without a base, such a script is not named at all: "0 ms" would only say that Lighthouse did not list it.
    const alone = CASES.fail!();
    const scripts = alone.pages.find((p) => p.clues?.scripts)!.clues!.scripts!;
    scripts['https://cdn.example.net/analytics.js'] = 0;
    const text = renderConsole(alone, { color: false });
    expect(text).toContain(
      'Scripts by main-thread time, median per run: /assets/app-B2klcx90.js: 1.70 s, https://widgets.example.net/chat.js: 150 ms, the page itself (its HTML and inline scripts): 60 ms\n',
    );
    for (const name of Object.keys(scripts)) scripts[name] = 0;
    expect(renderConsole(alone, { color: false })).not.toContain('Scripts by main-thread time');
  });

  it("says a flow step's INP interaction and its phases, against the base's, when its INP moved or broke a budget", () => {
    const results = CASES['side-by-side-blocking']!();
    const step = results.pages.find((p) => p.name === 'checkout')!;
    const button = { selector: 'main > button#filter', label: 'Filter' };
    const runs = step.measuredRuns;
    step.clues!.interaction = { element: button, phases: { inputDelay: 3, processingDuration: 291, presentationDelay: 24 }, runs };
    step.base!.clues!.interaction = { element: button, phases: { inputDelay: 2, processingDuration: 40, presentationDelay: 20 }, runs };
    const lines = (r: typeof results) => clueLines(r.pages.find((p) => p.name === 'checkout')!, r);
    // INP neither moved nor broke a budget: no line.
    expect(lines(results).some((l) => l.startsWith('INP'))).toBe(false);
    const verdict = results.budgets.find((b) => b.page === 'checkout')!;
    results.budgets.push({ ...verdict, id: 'interaction-to-next-paint', status: 'fail' });
    expect(lines(results)).toContain(
      'INP interaction: main > button#filter “Filter”, the same on the base; base → here: input delay 2 ms → 3 ms, processing 40 ms → 291 ms, presentation 20 ms → 24 ms',
    );
    step.base!.clues!.interaction = { element: { selector: 'main > input', label: 'Search' }, runs: 1, phases: null };
    expect(lines(results)).toContain(
      `INP interaction changed: main > button#filter “Filter”: input delay 3 ms, processing 291 ms, presentation 24 ms; on the base: main > input “Search” (in 1 of ${step.base!.measuredRuns} runs)`,
    );
    // Neither side's trace named the element (as headless Chromium's often do not): the phases alone.
    step.clues!.interaction = { element: null, phases: { inputDelay: 3, processingDuration: 291, presentationDelay: 24 }, runs };
    step.base!.clues!.interaction = { element: null, phases: { inputDelay: 2, processingDuration: 40, presentationDelay: 20 }, runs };
    expect(lines(results)).toContain('INP interaction, base → here: input delay 2 ms → 3 ms, processing 40 ms → 291 ms, presentation 20 ms → 24 ms');
    delete step.base!.clues!.interaction;
    expect(lines(results)).toContain('INP interaction: input delay 3 ms, processing 291 ms, presentation 24 ms');
    step.clues!.interaction = { element: button, phases: { inputDelay: 3, processingDuration: 291, presentationDelay: 24 }, runs };
    expect(lines(results)).toContain('INP interaction: main > button#filter “Filter”: input delay 3 ms, processing 291 ms, presentation 24 ms');
  });

  it("gives a bundle's base size beside its size when results were compared with a base, and no base column without one", () => {
    const results = CASES['no-base']!();
    const pages = results.budgets.filter((v) => v.kind !== 'bundle');
    const bundle = bundleVerdict({ actual: 148_200, change: { base: 140_000, delta: 8_200, relative: 8_200 / 140_000 } });
    const text = renderConsole({ ...results, budgets: [...pages, bundle] }, { color: false });
    expect(text).toMatch(/\n {2}bundle\s+measure\s+value\s+base\s+budget \(warn \/ error\)\s+change\s+status\n/);
    expect(text).toMatch(/\n {2}app JS\s+Size \(brotli\)\s+148\.2 kB\s+140\.0 kB\s+150\.0 kB \/ 170\.0 kB\s+\+8\.2 kB \(\+5\.9 %\)\s+✔ pass\n/);
    const alone = renderConsole({ ...results, budgets: [...pages, bundleVerdict()] }, { color: false });
    expect(alone).toMatch(/\n {2}bundle\s+measure\s+value\s+budget \(warn \/ error\)\s+status\n/);
  });

  it('colours only the status cells, and only when asked', () => {
    const plain = renderConsole(CASES.fail!(), { color: false });
    const coloured = renderConsole(CASES.fail!(), { color: true });
    expect(plain).not.toContain('\u001b[');
    expect(coloured).toContain('\u001b[31m✖ fail');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: strips the ANSI codes it checks for
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(plain);
  });

  it('says why a page could not be measured instead of a table', () => {
    const results = CASES['page-error']!();
    const text = renderConsole(results, { color: false });
    expect(text).toContain('⁇ could not be measured: ERRORED_DOCUMENT_REQUEST: Lighthouse was unable to reliably load the page');
    expect(
      text
        .split('search  ')[1]
        ?.split('\n')
        .filter((l) => l.startsWith('  metric')),
    ).toEqual([]);
  });

  it('says side by side how many runs each side took, and marks borderline budgets with why', () => {
    const text = renderConsole(CASES['side-by-side-inconclusive']!(), { color: false });
    expect(text.split('\n')[0]).toBe(
      'Side by side on this runner, 15 + 15 runs, alternating (sampled until clear, at most 15 per side), Holm over 8 comparisons (α = 0.05)',
    );
    expect(text).toContain('home  https://shop.example.com/  (15 + 15 runs (base + head), mobile)');
    expect(text).toMatch(/LCP .*inconclusive/);
    expect(text).toMatch(/LCP .*≈ borderline/);
    expect(text).toMatch(/LCP: borderline: the warn limit lies within the noise of 15 runs/);
  });

  it('gives side by side the interval an unchanged or inconclusive change lies in', () => {
    const results = CASES['side-by-side-inconclusive']!();
    const text = renderConsole(results, { color: false });
    const of = (page: string, id: string) => results.comparison!.metrics.find((c) => c.page === page && c.id === id)!;
    const lcp = of('home', 'largest-contentful-paint');
    expect(lcp.verdict).toBe('inconclusive');
    expect(text).toContain(`+40 ms (+3.5 %) inconclusive (-${Math.round(-lcp.interval!.low)} ms to +${Math.round(lcp.interval!.high)} ms)`);
    const fcp = of('home', 'first-contentful-paint');
    expect(fcp.verdict).toBe('unchanged');
    const [low, high] = [fcp.interval!.low, fcp.interval!.high].map((v) => (Math.round(v) === 0 ? '±0' : `${v > 0 ? '+' : '-'}${Math.abs(Math.round(v))}`));
    expect(text).toContain(`unchanged (${low} ms to ${high} ms)`);
    // Two runs a side are too few for a 90 % interval: the verdict alone.
    const few = renderConsole(CASES.inconclusive!(), { color: false });
    expect(few).toMatch(/TBT .* unchanged +✔ pass/);
    expect(few).not.toMatch(/ ms to [-+±]\d/);
  });

  it('counts a page’s passing audit budgets in one row when there are more than ten (a Lighthouse CI preset’s hundred)', () => {
    const results = CASES['no-base']!();
    const page = results.pages[0]!.name;
    const audit = (id: string, status: 'pass' | 'fail'): Verdict => ({
      page,
      id: `${id}:minScore`,
      kind: 'audit' as const,
      label: `${id} score`,
      unit: 'score' as const,
      operator: '>=' as const,
      warn: null,
      error: 0.9,
      actual: status === 'pass' ? 1 : 0,
      values: [status === 'pass' ? 1 : 0],
      status,
    });
    const many = { ...results, budgets: [...results.budgets, audit('viewport', 'fail'), ...Array.from({ length: 11 }, (_, i) => audit(`aria-${i}`, 'pass'))] };
    const text = renderConsole(many, { color: false });
    expect(text).toMatch(/viewport score .*✖ fail/);
    expect(text).toMatch(/\n {2}11 more audits\s+✔ pass\n/);
    expect(text).not.toContain('aria-0 score');
    // Ten are shown as rows.
    const few = { ...results, budgets: [...results.budgets, ...Array.from({ length: 10 }, (_, i) => audit(`aria-${i}`, 'pass'))] };
    expect(renderConsole(few, { color: false })).toContain('aria-9 score');
  });

  it('gives side by side the base median of a metric without a budget (measured, not compared)', () => {
    const results = CASES['side-by-side-blocking']!();
    const page = results.pages[0]!;
    expect(results.budgets.some((b) => b.page === page.name && b.id === 'interactive')).toBe(false);
    const tti = renderConsole(results, { color: false })
      .split('\n')
      .find((line) => line.startsWith('  TTI'))!;
    expect(tti).toMatch(/^ {2}TTI\s+1\.52 s\s+1\.50 s - 1\.55 s\s+1\.52 s\s+-$/);
    page.base!.metrics.interactive = { ...page.base!.metrics.interactive!, median: 1490 };
    expect(renderConsole(results, { color: false })).toMatch(/\n {2}TTI\s+1\.52 s\s+1\.50 s - 1\.55 s\s+1\.49 s\s+-\n/);
  });

  it('gives side by side the base median of a score without a budget, in the terminal and in the review', () => {
    const results = CASES['side-by-side-blocking']!();
    const page = results.pages[0]!;
    const score = (median: number) => ({ median, min: median, max: median, spread: 0, values: [median] });
    page.scores.accessibility = score(0.97);
    page.base!.scores.accessibility = score(0.91);
    expect(renderConsole(results, { color: false })).toMatch(/\n {2}Accessibility score\s+97\s+-\s+91\s+-\n/);
    expect(renderMarkdown(results)).toContain('| Accessibility score | - | 97 (97 - 97) | 91 |  |  |');
  });

  it('drops the columns no row fills (no change without a base)', () => {
    const text = renderConsole(CASES['no-base']!(), { color: false });
    expect(text).toContain('metric');
    expect(text).not.toContain('change');
    expect(text).not.toMatch(/min-max\s+base/);
    const empty = summarizePage({ name: 'x', url: 'u', runs: 1, samples: [], error: null });
    expect(() => renderConsole({ ...CASES['no-base']!(), pages: [empty] }, { color: false })).not.toThrow();
  });

  it("shows the scores of the categories pages.json's categories ran, and no unbudgeted performance score", () => {
    const results = CASES['no-base']!();
    const seo = { median: 0.9, min: 0.9, max: 0.92, spread: 0.02, values: [0.9, 0.92, 0.9] };
    const pages = results.pages.map((page) => ({ ...page, scores: { ...page.scores, seo } }));
    const text = renderConsole({ ...results, pages, budgets: results.budgets.filter((v) => v.id !== 'categories:performance') }, { color: false });
    expect(text.match(/ {2}SEO score +90 +90 - 92 +- *\n/g)).toHaveLength(pages.length);
    expect(text).not.toContain('Performance score');
  });

  it('says why a step scored nothing instead of an empty table', () => {
    const snapshot = {
      ...summarizePage({ name: 'flow › done', url: 'u', runs: 1, samples: [], error: null }),
      flow: { name: 'flow', step: 'done', mode: 'snapshot' as const },
    };
    const text = renderConsole({ ...CASES['no-base']!(), pages: [snapshot] }, { color: false });
    expect(text).toMatch(
      /flow › done {2}u {2}\(0\/1 runs\)\n {2}no score: a snapshot step is scored by category, and a snapshot has no performance score; budget another category/,
    );
    expect(text).not.toContain('metric');
  });
});
