import type { PageResult, Results } from '../results.js';
import { PAGE_DOCUMENT } from '../run-clues.js';
import type { Interaction, InteractionPhases, MetricId, PageClues, Verdict } from '../types.js';
import { withoutContentHash } from './content-hash.js';
import { formatValue } from './format.js';

/** Lighthouse's kinds of main-thread work (`mainthread-work-breakdown` groups), in words (rules as data). */
export const MAIN_THREAD_GROUPS: Readonly<Record<string, string>> = {
  scriptEvaluation: 'script evaluation',
  scriptParseCompile: 'script parsing & compilation',
  styleLayout: 'style & layout',
  paintCompositeRender: 'rendering',
  parseHTML: 'HTML & CSS parsing',
  garbageCollection: 'garbage collection',
  other: 'other',
};

/** The metrics each clue explains: when one of them moved or broke a budget, the clue is shown. */
const CLUE_METRICS: Readonly<Record<'lcpElement' | 'interaction' | 'mainThread' | 'shifts' | 'scripts', readonly MetricId[]>> = {
  lcpElement: ['largest-contentful-paint'],
  interaction: ['interaction-to-next-paint'],
  shifts: ['cumulative-layout-shift'],
  mainThread: ['total-blocking-time', 'interactive', 'interaction-to-next-paint'],
  scripts: ['total-blocking-time', 'interactive', 'interaction-to-next-paint'],
};

/** A script's name across builds: its key, its content hash as `*` (see `withoutContentHash`). */
export const scriptName = (key: string): string => (key === PAGE_DOCUMENT ? key : withoutContentHash(key));

/** Lighthouse's `bootup-time` lists a script from this much main-thread time on. */
const BOOTUP_THRESHOLD_MS = 50;
/** The most kinds of main-thread work (or scripts) one line names. */
const MOST_GROUPS = 3;
/** The most shifted elements one line names. */
const MOST_SHIFTS = 3;
/** A label is cut to this many characters. */
const LABEL_LENGTH = 60;

/** How a clue's parts are written: code (a selector) and plain text, escaped for where they land. */
export interface ClueStyle {
  code: (text: string) => string;
  text: (text: string) => string;
}

export const PLAIN: ClueStyle = { code: (t) => t, text: (t) => t };

/** Whether a metric of the page moved (regressed or improved against its base) or broke a budget (warned, failed, borderline). */
function moved(page: PageResult, results: Results, id: MetricId): boolean {
  const compared = results.comparison?.metrics.some((c) => c.page === page.name && c.id === id && (c.verdict === 'regressed' || c.verdict === 'improved'));
  const budget = results.budgets.some((b) => b.page === page.name && b.id === id && b.status !== 'pass' && b.status !== 'error');
  return Boolean(compared || budget);
}

function element(e: { selector: string; label: string; runs: number }, runs: number, style: ClueStyle): string {
  const label = e.label.length > LABEL_LENGTH ? `${e.label.slice(0, LABEL_LENGTH - 1)}…` : e.label;
  const share = e.runs < runs ? ` (in ${e.runs} of ${runs} runs)` : '';
  return `${style.code(e.selector)}${label ? ` ${style.text(`“${label}”`)}` : ''}${share ? ` ${style.text(share.trim())}` : ''}`;
}

/** The base's clues of a page and its runs: side by side its own, else the stored results' (their runs per page). */
interface BaseClues {
  clues: PageClues;
  runs: number;
}

function baseCluesOf(page: PageResult, results: Results): BaseClues | null {
  if (page.base) return page.base.clues ? { clues: page.base.clues, runs: page.base.measuredRuns } : null;
  const stored = results.comparison?.baseClues?.[page.name];
  return stored ? { clues: stored, runs: results.comparison?.base.runsPerPage ?? 0 } : null;
}

function lcpLine(page: PageResult, before: BaseClues | null, style: ClueStyle): string | null {
  const head = page.clues?.lcpElement;
  if (!head) return null;
  const base = before?.clues.lcpElement;
  const here = element(head, page.measuredRuns, style);
  if (!base) return `${style.text('LCP element: ')}${here}`;
  // Each piece of text starts with a character markdown cannot read as the start of something (escaping drops leading spaces).
  if (base.selector === head.selector) return `${style.text('LCP element: ')}${here}${style.text(', the same on the base')}`;
  return `${style.text('LCP element changed: ')}${here}${style.text('; on the base: ')}${element(base, before?.runs ?? base.runs, style)}`;
}

/** An interaction's phases in words: `input delay 2 ms, processing 291 ms, presentation 24 ms`, or base → here. */
function phasesText(head: InteractionPhases, base: InteractionPhases | null): string {
  const ms = (value: number) => formatValue(value, 'ms');
  const phase = (key: keyof InteractionPhases) => (base ? `${ms(base[key])} → ${ms(head[key])}` : ms(head[key]));
  return `input delay ${phase('inputDelay')}, processing ${phase('processingDuration')}, presentation ${phase('presentationDelay')}`;
}

/** A flow step's INP interaction: its element (when Lighthouse named it) and phases (median per run), against the base's when it has one. */
function interactionLine(page: PageResult, before: BaseClues | null, style: ClueStyle): string | null {
  const head = page.clues?.interaction;
  if (!head || (!head.element && !head.phases)) return null;
  const base = before?.clues.interaction;
  const named = (i: Interaction & { runs: number }, runs: number) => (i.element ? element({ ...i.element, runs: i.runs }, runs, style) : '');
  const phases = (p: InteractionPhases | null, lead: string) => (p ? style.text(`${lead}${phasesText(p, null)}`) : '');
  const here = named(head, page.measuredRuns);
  const title = style.text(here ? 'INP interaction: ' : 'INP interaction');
  if (!base || (!base.element && !base.phases)) return `${title}${here}${phases(head.phases, ': ')}`;
  if (head.element && base.element && head.element.selector !== base.element.selector) {
    const there = named(base, before?.runs ?? base.runs);
    return `${style.text('INP interaction changed: ')}${here}${phases(head.phases, ': ')}${style.text('; on the base: ')}${there}${phases(base.phases, ': ')}`;
  }
  const same = head.element && base.element ? style.text(', the same on the base') : '';
  const both = head.phases && base.phases ? style.text(`${here ? '; ' : ', '}base → here: ${phasesText(head.phases, base.phases)}`) : phases(head.phases, ': ');
  return `${title}${here}${same}${both}`;
}

function shiftsLine(page: PageResult, before: BaseClues | null, style: ClueStyle): string | null {
  const head = page.clues?.shifts ?? [];
  const base = before?.clues.shifts;
  const score = (value: number) => formatValue(value, 'unitless');
  const named = (shifts: PageClues['shifts'], runs: number, value: (s: PageClues['shifts'][number]) => string) =>
    shifts.map((s) => `${element(s, runs, style)}${style.text(`: ${value(s)}`)}`).join(style.text(', '));
  if (head.length === 0) {
    if (!base || base.length === 0) return null;
    return `${style.text('Layout shifts: none here; on the base: ')}${named(base.slice(0, MOST_SHIFTS), before?.runs ?? 0, (s) => score(s.score))}`;
  }
  const top = head.slice(0, MOST_SHIFTS);
  if (!base) return `${style.text('Largest layout shifts: ')}${named(top, page.measuredRuns, (s) => score(s.score))}`;
  const onBase = (selector: string) => base.find((s) => s.selector === selector)?.score ?? 0;
  return `${style.text('Largest layout shifts, base → here: ')}${named(top, page.measuredRuns, (s) => `${score(onBase(s.selector))} → ${score(s.score)}`)}`;
}

function mainThreadLine(page: PageResult, before: BaseClues | null, style: ClueStyle): string | null {
  const head = page.clues?.mainThread ?? {};
  const base = before?.clues.mainThread;
  const groups = [...new Set([...Object.keys(head), ...Object.keys(base ?? {})])];
  if (groups.length === 0) return null;
  const name = (group: string) => MAIN_THREAD_GROUPS[group] ?? group;
  const ms = (value: number) => formatValue(value, 'ms');
  const total = (values: Record<string, number>) => Object.values(values).reduce((a, b) => a + b, 0);
  if (!base) {
    const top = groups.sort((a, b) => (head[b] ?? 0) - (head[a] ?? 0)).slice(0, MOST_GROUPS);
    return style.text(`Main-thread work, median per run: ${ms(total(head))}; most in ${top.map((g) => `${name(g)} ${ms(head[g] ?? 0)}`).join(', ')}`);
  }
  const delta = (g: string) => (head[g] ?? 0) - (base[g] ?? 0);
  // The kinds that changed most, leaving out those whose change is small beside the largest (under a tenth of it).
  const sorted = groups.sort((a, b) => Math.abs(delta(b)) - Math.abs(delta(a)));
  const largest = Math.abs(delta(sorted[0] as string));
  const top = sorted.slice(0, MOST_GROUPS).filter((g, i) => i === 0 || Math.abs(delta(g)) >= Math.max(1, largest / 10));
  const signed = (value: number) => `${value >= 0 ? '+' : '-'}${ms(Math.abs(value))}`;
  const parts = top.map((g) => `${name(g)} ${ms(base[g] ?? 0)} → ${ms(head[g] ?? 0)} (${signed(delta(g))})`);
  return style.text(
    `Main-thread work, median per run: ${ms(total(base))} → ${ms(total(head))}; ${parts.length === 1 ? 'the largest change' : 'the largest changes'}: ${parts.join(', ')}`,
  );
}

/** Each script's time by its name across builds (see `scriptName`), with the keys it stands for. */
function byName(scripts: Record<string, number>): Map<string, { ms: number; keys: Set<string> }> {
  const named = new Map<string, { ms: number; keys: Set<string> }>();
  for (const [key, ms] of Object.entries(scripts)) {
    const seen = named.get(scriptName(key)) ?? { ms: 0, keys: new Set<string>() };
    named.set(scriptName(key), { ms: seen.ms + ms, keys: seen.keys.add(key) });
  }
  return named;
}

function scriptsLine(page: PageResult, before: BaseClues | null, style: ClueStyle): string | null {
  const heads = byName(page.clues?.scripts ?? {});
  const bases = before ? byName(before.clues.scripts ?? {}) : null;
  const names = [...new Set([...heads.keys(), ...(bases?.keys() ?? [])])];
  if (names.length === 0) return null;
  const head = (n: string) => heads.get(n)?.ms ?? 0;
  const base = (n: string) => bases?.get(n)?.ms ?? 0;
  const ms = (value: number) => formatValue(value, 'ms');
  // A script is called by its own name, unless the two builds name it differently (by its content hash).
  const called = (name: string) => {
    if (name === PAGE_DOCUMENT) return style.text('the page itself (its HTML and inline scripts)');
    const keys = new Set([...(heads.get(name)?.keys ?? []), ...(bases?.get(name)?.keys ?? [])]);
    return style.code(keys.size === 1 ? ([...keys][0] as string) : name);
  };
  // Lighthouse lists a script only from 50 ms of main-thread time on: a median below that (the script
  // unlisted in half the runs or more, or on that side not at all) says only that it was under 50 ms.
  const listed = (value: number) => value >= BOOTUP_THRESHOLD_MS;
  if (!bases) {
    // Alone, a script under 50 ms is not named (its "0 ms" would only say that Lighthouse did not list it).
    const top = names
      .filter((n) => listed(head(n)))
      .sort((a, b) => head(b) - head(a))
      .slice(0, MOST_GROUPS);
    if (top.length === 0) return null;
    return `${style.text('Scripts by main-thread time, median per run: ')}${top.map((n) => `${called(n)}${style.text(`: ${ms(head(n))}`)}`).join(style.text(', '))}`;
  }
  const delta = (n: string) => head(n) - base(n);
  const sorted = names.sort((a, b) => Math.abs(delta(b)) - Math.abs(delta(a)));
  const largest = Math.abs(delta(sorted[0] as string));
  const top = sorted.slice(0, MOST_GROUPS).filter((n, i) => i === 0 || Math.abs(delta(n)) >= Math.max(1, largest / 10));
  const signed = (value: number) => `${value >= 0 ? '+' : '-'}${ms(Math.abs(value))}`;
  const side = (value: number) => (listed(value) ? ms(value) : `under ${BOOTUP_THRESHOLD_MS} ms`);
  const parts = top.map((n) => {
    const change = listed(base(n)) && listed(head(n)) ? ` (${signed(delta(n))})` : '';
    return `${called(n)}${style.text(`: ${side(base(n))} → ${side(head(n))}${change}`)}`;
  });
  return `${style.text('Scripts by main-thread time, median per run, base → here: ')}${parts.join(style.text(', '))}`;
}

/**
 * What the runs say about why a page's metrics moved, for the metrics that regressed, improved or
 * broke a budget: the LCP element (and whether it is another than on the base), a flow step's INP
 * interaction with its phases, the elements that
 * shifted most, the main thread's work per kind and the scripts with the most of it (those that
 * changed most first). Empty when nothing moved.
 */
export function clueLines(page: PageResult, results: Results, style: ClueStyle = PLAIN): string[] {
  return linesFor(page, results, style, (metrics) => metrics.some((id) => moved(page, results, id)));
}

/** The clues of one budget that did not pass (a metric's, or a regression budget's metric's), for annotations and JUnit. */
export function budgetClueLines(v: Verdict, results: Results): string[] {
  const metric = v.kind === 'timing' ? v.id : v.kind === 'regression' ? v.id.replace(/^regression:/, '') : null;
  const page = results.pages.find((p) => p.name === v.page);
  if (!metric || !page || v.status === 'pass' || v.status === 'error') return [];
  return linesFor(page, results, PLAIN, (metrics) => metrics.includes(metric as MetricId));
}

function linesFor(page: PageResult, results: Results, style: ClueStyle, shown: (metrics: readonly MetricId[]) => boolean): string[] {
  if (page.error || !page.clues) return [];
  const base = baseCluesOf(page, results);
  const lines = [
    shown(CLUE_METRICS.lcpElement) ? lcpLine(page, base, style) : null,
    shown(CLUE_METRICS.interaction) ? interactionLine(page, base, style) : null,
    shown(CLUE_METRICS.shifts) ? shiftsLine(page, base, style) : null,
    shown(CLUE_METRICS.mainThread) ? mainThreadLine(page, base, style) : null,
    shown(CLUE_METRICS.scripts) ? scriptsLine(page, base, style) : null,
  ];
  return lines.filter((line): line is string => line !== null);
}
