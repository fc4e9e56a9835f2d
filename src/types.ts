/**
 * The shared domain types of perfgate. Everything between the config files and the
 * renderers speaks these shapes; see DESIGN.md for the flows.
 */
import type { FieldMetricName } from './field/wire.js';

/**
 * Outcome of one budget, and of a whole run. `error` means "could not be measured"; `borderline`
 * that the limit lies within the runs' noise even after the most runs allowed (a coin flip, not a verdict).
 */
export type Status = 'pass' | 'warn' | 'borderline' | 'fail' | 'error';

/** Every kind of budget ends as the same {@link Verdict}. */
export type BudgetKind = 'timing' | 'score' | 'resource' | 'audit' | 'bundle' | 'field' | 'regression' | 'flow';

/** What an audit budget reads of a Lighthouse audit, named as Lighthouse CI's assertion options: its score, its numeric value, or its number of detail items. */
export type AuditOption = 'minScore' | 'maxNumericValue' | 'maxLength';

export type FormFactor = 'mobile' | 'desktop';

/** Unit of a measured value: milliseconds, unitless (CLS), a 0-1 score, bytes, a count, or a ratio (0.1 = +10 %). */
export type Unit = 'ms' | 'unitless' | 'score' | 'bytes' | 'count' | 'ratio';

/** Lighthouse audit ids of the timing metrics perfgate budgets. */
export type MetricId =
  | 'first-contentful-paint'
  | 'largest-contentful-paint'
  | 'interactive'
  | 'cumulative-layout-shift'
  | 'total-blocking-time'
  | 'speed-index'
  | 'interaction-to-next-paint';

/** Lighthouse category ids. */
export type CategoryId = 'performance' | 'accessibility' | 'best-practices' | 'seo';

/** Resource types of Lighthouse's `resource-summary` audit. */
export type ResourceType = 'total' | 'document' | 'script' | 'stylesheet' | 'image' | 'media' | 'font' | 'other' | 'third-party';

/** A warn and an error threshold; either may be absent (null), never both but in a bundle that is only reported (a size-limit check without a limit). */
export interface Limits {
  /** Crossing it makes the budget `warn`. */
  warn: number | null;
  /** Crossing it makes the budget `fail`. */
  error: number | null;
}

/** The one result record of every budget, whatever its kind. Renderers know no other shape. */
export interface Verdict {
  /** Page name (lab and field budgets) or bundle name (bundle budgets). */
  page: string;
  kind: BudgetKind;
  /** Assertion id, named as Lighthouse CI names it: `largest-contentful-paint`, `categories:performance`, `resource-summary:script:size`. */
  id: string;
  /** Short human label, e.g. `LCP`, `Performance score`, `Script size`. */
  label: string;
  unit: Unit;
  /** `<=` for upper limits (timings, sizes), `>=` for lower limits (scores). */
  operator: '<=' | '>=';
  warn: number | null;
  error: number | null;
  /** The aggregated value compared with the limits (the median for lab runs); null when not measured. */
  actual: number | null;
  /** Every value that went into `actual`. */
  values: number[];
  status: Status;
  /** Why the status is `error`, or other context for people. */
  message?: string;
  /** Change against the base branch's results, when a base was given and measured the same budget. */
  change?: Change;
  /** For regression budgets: what the statistical comparison concluded. */
  comparison?: string;
  /** What `actual` is the sum of, when it is one: a bundle's files, each compressed alone (as size-limit sums them). */
  parts?: Part[];
  /** A bundle's sources (from its files' source maps, node_modules by package) and what each weighs uncompressed. */
  sources?: Part[];
  /** The budget's own words for when it does not pass (a bundle's `message`, as size-limit prints it), shown with a warning or failure. */
  note?: string;
}

/** One addend of a verdict's value: a bundle's file (its path relative to the budgets file) and its size. */
export interface Part {
  name: string;
  value: number;
}

/** How a value moved against the base branch. */
export interface Change {
  /** The base's value (its median for lab runs). */
  base: number;
  /** actual - base, in the verdict's unit. */
  delta: number;
  /** delta / base, as a fraction (0.1 = +10 %); null when the base is 0. */
  relative: number | null;
  /** The base's parts, when both sides' values are sums of parts (a bundle's files). */
  baseParts?: Part[];
  /** The base's sources, when both sides' files have source maps. */
  baseSources?: Part[];
}

/** Median, range and spread of one measured quantity over several runs. */
export interface Aggregate {
  median: number;
  min: number;
  max: number;
  /** (max - min) / median; 0 when the median is 0. */
  spread: number;
  values: number[];
}

/** A failure of a page or a run, with Lighthouse's runtime error code when it gave one. */
export interface RunError {
  code: string;
  message: string;
}

// The comparison with the base branch (base-comparison.ts).

/** How runs are compared with the base branch's runs. */
export interface ComparisonSettings {
  /** Significance level of the Mann-Whitney U test. */
  alpha: number;
  /** Smallest change that counts, as a fraction of the base median. */
  minRelative: number;
  /** ... and at least this many milliseconds (timings). */
  minMs: number;
  /** ... or this much CLS. */
  minCls: number;
  /** Relative regression budgets: largest allowed increase of a median (fractions). */
  maxIncrease: Partial<Record<MetricId, Limits>>;
}

/** What the statistics say about one metric of one page against the base branch. */
/** `not comparable`: the two sides were measured with different Lighthouse versions (see `lighthouse`) or settings (`measuredWith`). */
export type ChangeVerdict = 'regressed' | 'improved' | 'unchanged' | 'no significant change' | 'inconclusive' | 'not comparable';

/**
 * What a comparison with the base compares: a metric, or a user timing (the audit id a user timing
 * budget reads, `user-timings:<name>`), both times of the page's runs.
 */
export type ComparedId = MetricId | `user-timings:${string}`;

/** One metric (or user timing) of one page, compared with the base branch's runs. */
export interface MetricComparison {
  page: string;
  id: ComparedId;
  label: string;
  unit: 'ms' | 'unitless';
  /** Base median and this run's median. */
  base: number;
  current: number;
  delta: number;
  /** delta / base; null when the base is 0. */
  relative: number | null;
  /**
   * Two-sided Mann-Whitney p-value; null when one side has no runs. Side by side it is the
   * sequential p-value, valid although the sampling looked after every pair.
   */
  p: number | null;
  runs: number;
  baseRuns: number;
  verdict: ChangeVerdict;
  /** With `not comparable`: the Lighthouse versions of the base's runs and of this run's. */
  lighthouse?: { base: string; current: string };
  /** With `not comparable`: the form factor and throttling of the base's runs and of this run's, in words, when they differ. */
  measuredWith?: { base: string; current: string };
  /** With `inconclusive` against stored results: how many more runs per side the test needs. */
  moreRuns: number;
  /** Confidence interval (1 - 2·alpha) of the shift, current minus base; `unchanged` when it lies inside ± the minimum effect. */
  interval?: { low: number; high: number } | null;
  /** Side by side: runs per side at the look that decided the verdict; null when none did. */
  decidedAfter?: number | null;
}

/** The comparison with the base branch stored in results.json (`comparison`). */
export interface BaseComparison {
  base: {
    createdAt: string;
    runsPerPage: number;
    /**
     * How the base was measured: 'side by side' on this runner, alternating with the pull request's
     * runs; 'stored results' are a results.json an earlier job wrote, on another machine and day.
     */
    measured?: 'side by side' | 'stored results';
    /** The commit the base's results were made from (GITHUB_SHA or CI_COMMIT_SHA then), when it was known. */
    commit?: string | null;
    /** The base machine's median Lighthouse benchmarkIndex. */
    benchmarkIndex?: number | null;
  };
  settings: Omit<ComparisonSettings, 'maxIncrease'>;
  /** The multiple-comparison control over every page and metric compared: Holm's, over `family` comparisons. */
  control?: { method: 'holm'; family: number };
  metrics: MetricComparison[];
  /**
   * The pages measured without a comparison, and why: stored results with none of that name, or an
   * error for it; side by side, a page whose full URL is off the site (it has no base's build).
   */
  withoutBase?: PageWithoutBase[];
  /** Stored results: the base's clues of each page compared (side by side, each page's `base` holds its own). */
  baseClues?: Record<string, PageClues>;
}

/** A page without a comparison: `absent` from the stored results (added or renamed since), an `error` there, or side by side `off-site`. */
export interface PageWithoutBase {
  page: string;
  why: 'absent' | 'error' | 'off-site';
}

// Lab versus field (lab-vs-field.ts).

export type Rating = 'good' | 'needs-improvement' | 'poor';

/** One metric of one page: lab median next to field p75. */
export interface MetricPair {
  metric: FieldMetricName;
  /**
   * The lab's median of the metric's twin. For INP, a user flow's interaction step on this page
   * (same origin and path) gives the lab's own INP, with `step` its name; without one, TBT stands in.
   */
  lab: { id: MetricId; median: number; step?: string } | null;
  field: { p75: number; count: number } | null;
  /** field p75 / lab median; null when either is missing or the lab is 0 (or the twin is a proxy). */
  ratio: number | null;
  rating: Rating | null;
  /** Set when field p75 breaks a budget that the lab passes. */
  warning: string | null;
  /**
   * With the attribution build (LCP, INP, CLS): the targets the field names most often over the
   * window (the LCP element, the INP interaction target, the CLS largest shift target), most first.
   */
  targets?: FieldTarget[];
  /**
   * LCP, when the lab named its LCP element and the field names targets: the lab's element (its
   * selector as Lighthouse writes it) and the field share of the same element among `targets`
   * (0 when none of them is it).
   */
  labElement?: {
    selector: string;
    fieldShare: number;
    /** Share of the samples whose target the lab cannot compare with its element (a name of the app's own, see sameElement); 0 when none. */
    uncheckedShare?: number;
  };
}

/** One cause of a field metric, as the collector keeps it (field/target-queries.ts). */
export interface FieldTarget {
  /** The CSS selector web-vitals gives; `(other)` for a day's new targets past its first ten (the day before's ten most counted keep their names). */
  target: string;
  count: number;
  /** Its share of the page and metric's samples that named a target, 0-1. */
  share: number;
  /** The p75 of the samples that named it. */
  p75: number;
  /** INP: the mean of each phase in ms over its interactions; null without them. */
  phases: InteractionPhases | null;
}

export interface PageLabVsField {
  page: string;
  /** Field samples of the page (largest count over its metrics). */
  samples: number;
  enough: boolean;
  metrics: MetricPair[];
}

export interface LabVsField {
  minSamples: number;
  pages: PageLabVsField[];
}

/** What a built folder holds, in one hash: every file's path and bytes. */
export interface BuildDigest {
  files: number;
  bytes: number;
  /** SHA-256 over each file's path (relative, `/`-separated, sorted) and content. */
  sha256: string;
}

/** A page (or user flow) the base's build lacks while the pull request's has it: measured alone, without a base. */
export interface NotInBase {
  /** The page's URL on the base's build; a flow's: the base's site. */
  baseUrl: string;
  /** What the base answered at that URL (404 or 410); null for a flow the base's build could not run. */
  status: number | null;
  /** A flow's: why the base's build could not run it. */
  error?: RunError;
}

// Why the metrics are what they are (run-clues.ts, page-clues.ts).

/**
 * What one run says about *why* its metrics are what they are, for a reviewer whose metric moved:
 * the element Chrome took for the largest contentful paint, the elements that shifted, and the
 * main thread's time per kind of work and per script. All are observed (not simulated) and read
 * alike from Lighthouse 12 and 13.
 */
export interface RunClues {
  /** The LCP element, or null when Lighthouse named none. */
  lcpElement: LcpElement | null;
  /** Main-thread time per kind of work (Lighthouse's `mainthread-work-breakdown` groups), in ms as its report shows them. */
  mainThread: Record<string, number>;
  /** The elements that shifted (Lighthouse's `layout-shifts`), each with the sum of its shifts' scores, the largest first. */
  shifts: Array<LcpElement & { score: number }>;
  /**
   * Main-thread time per script (Lighthouse's `bootup-time`, those above its 50 ms threshold), in
   * ms: a script of the page's own origin by its path, another by its origin and path (no query),
   * and the page's own document (its inline scripts) as `PAGE_DOCUMENT`.
   */
  scripts: Record<string, number>;
  /** A user flow's interaction step: the interaction its INP comes from (Lighthouse's INP insight), or null; absent in a page's run. */
  interaction?: Interaction | null;
}

/** The three phases of an interaction, in ms: web-vitals' and Lighthouse's alike. */
export interface InteractionPhases {
  inputDelay: number;
  processingDuration: number;
  presentationDelay: number;
}

/** The interaction a step's INP comes from: its element and its phases, each when Lighthouse gave it. */
export interface Interaction {
  /** The element interacted with (Lighthouse names it only when the trace holds its node, which headless Chromium's often does not). */
  element: LcpElement | null;
  phases: InteractionPhases | null;
}

export interface LcpElement {
  /** Lighthouse's CSS selector of the element. */
  selector: string;
  /** Its text, or its alt text or tag when it has none (Lighthouse's `nodeLabel`). */
  label: string;
  /** Its start tag with its attributes, as Lighthouse gives it (`<img class="hero" data-perf="hero" src="…">`). */
  snippet?: string;
}

/** A page's clues over its runs (see `run-clues.ts`). */
export interface PageClues {
  /** The element most runs took for the LCP, and in how many runs; null when no run named one. */
  lcpElement: (LcpElement & { runs: number }) | null;
  /** The median over the runs of each kind of main-thread work, in ms (a run without it counts 0). */
  mainThread: Record<string, number>;
  /** The elements that shifted: each one's median score over the runs (a run where it did not shift counts 0) and in how many runs it shifted, the largest first. */
  shifts: Array<LcpElement & { score: number; runs: number }>;
  /** The median over the runs of each script's main-thread time, in ms (a run where it stayed under Lighthouse's 50 ms threshold counts 0), the largest first. */
  scripts: Record<string, number>;
  /** A user flow's interaction step: the element most runs' INP came from (null when no run named one), in how many runs, and the median of each phase over those runs. */
  interaction?: (Interaction & { runs: number }) | null;
}
