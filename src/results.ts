import type { RunSample, Screen } from './metrics.js';
import { pageClues } from './page-clues.js';
import { CATEGORY_IDS, METRIC_IDS, NUMERIC_UNITS, RESOURCE_TYPE_IDS } from './rules.js';
import { aggregate, median, representativeIndex } from './stats.js';
import type {
  Aggregate,
  BaseComparison,
  BuildDigest,
  CategoryId,
  FormFactor,
  LabVsField,
  MetricId,
  PageClues,
  NotInBase,
  ResourceType,
  RunError,
  Status,
  Unit,
  Verdict,
} from './types.js';

/** The version of the results.json format; bumped on any breaking change. */
export const SCHEMA_VERSION = 1;

/** Paths (relative to results.json) of the representative run's full reports. */
export interface ReportFiles {
  json: string;
  html: string | null;
  /** The representative run's trace, with `--save-traces` (a flow step's: that step's, a snapshot having none): Chrome's trace events, for DevTools' Performance panel. */
  trace?: string;
}

/** What a user flow's step is: its flow, its name, and the Lighthouse mode it ran in (both null for a flow that could not be measured). */
export interface FlowStep {
  name: string;
  step: string | null;
  mode: 'navigation' | 'timespan' | 'snapshot' | null;
}

/** One page's measurements over all its runs (or one step of a user flow over the flow's runs). */
export interface PageResult {
  name: string;
  url: string;
  /** Runs requested. */
  runs: number;
  /** Runs that produced a report without a runtime error. */
  measuredRuns: number;
  /** Why the page could not be measured, or null. */
  error: RunError | null;
  formFactor: FormFactor | null;
  lighthouseVersion: string | null;
  metrics: Partial<Record<MetricId, Aggregate>>;
  scores: Partial<Record<CategoryId, Aggregate>>;
  resources: Partial<Record<ResourceType, { bytes: Aggregate; requests: Aggregate }>>;
  /** The audits that audit budgets read, over the runs that reported each part; absent when no budget reads an audit. */
  audits?: Record<string, AuditAggregate>;
  /** Index (0-based, among measured runs) of the run closest to the medians; -1 when none. */
  representativeRun: number;
  reports: ReportFiles | null;
  /** Runs that failed and were retried, with their errors. */
  retries: Array<{ run: number; error: RunError }>;
  /** Why the metrics are what they are, over the runs: the LCP element and the main thread's work per kind (absent when no run gave them). */
  clues?: PageClues;
  /** Set when this is a step of a user flow (its name is "<flow> › <step>"). */
  flow?: FlowStep;
  /** Set when the runs were sampled until the verdict was clear: the plan, and why the runs stopped. */
  sampling?: Sampling;
  /** Measured side by side: the same page on the base build, its runs alternating with these. */
  base?: Omit<PageResult, 'base' | 'order' | 'sampling'>;
  /** Side by side: the side of every measured run, in the order they ran (each side's values are in this order too). */
  order?: Array<'base' | 'head'>;
  /** Side by side: the page is new in this pull request (its URL on the base's build answered 404 or 410), so it was measured alone. */
  notInBase?: NotInBase;
  /**
   * Side by side with both builds as folders: every file the page's runs loaded is byte-identical in
   * the base's build (their digest), so the base cannot differ and was not measured.
   */
  identicalBase?: BuildDigest;
}

/** One audit over the runs: its score, numeric value (in `unit`) and number of items, each where Lighthouse gave it. */
export interface AuditAggregate {
  score?: Aggregate;
  numericValue?: Aggregate;
  items?: Aggregate;
  /** The unit of the numeric value, from the audit's `numericUnit`; `unitless` when Lighthouse gave none perfgate knows. */
  unit: Unit;
}

/** How a page's runs were sampled: `minRuns` (per side), then more while a verdict was open, up to `maxRuns`. */
export interface Sampling {
  minRuns: number;
  maxRuns: number;
  /** `clear`: every verdict was clear; `maxRuns` or `time`: a limit stopped it with some still open. */
  stopped: 'clear' | 'maxRuns' | 'time';
}

/** The machine and settings the runs were made with, to spot slow or noisy CI runners. */
export interface Environment {
  chromeVersion: string | null;
  nodeVersion: string;
  /** null when no page was measured (bundles only). */
  formFactor: FormFactor | null;
  throttlingMethod: string | null;
  throttling: Record<string, number> | null;
  /** Median Lighthouse benchmarkIndex over all runs (higher is a faster machine). */
  benchmarkIndex: number | null;
  /** The screen the first run emulated (absent in results made before perfgate recorded it). */
  screen?: Screen;
  /** The user agent the first run sent (`emulatedUserAgent`; false: Chrome's own); absent in results made before perfgate recorded it. */
  userAgent?: string | false;
  /**
   * When pages of both form factors were measured (a page's own `formFactor`), the settings of the
   * first run of the other one: its throttling, screen and user agent are not the first run's.
   * Absent when all runs share one form factor, and in results made before perfgate recorded it.
   */
  otherFormFactor?: FormFactorSettings;
}

/** The Lighthouse settings of one form factor's runs that change what a metric measures. */
export type FormFactorSettings = Pick<Environment, 'throttlingMethod' | 'throttling' | 'screen' | 'userAgent'> & { formFactor: FormFactor };

/** results.json. */
export interface Results {
  schemaVersion: typeof SCHEMA_VERSION;
  tool: { name: 'perfgate'; version: string };
  createdAt: string;
  /** The commit measured (GITHUB_SHA or CI_COMMIT_SHA), when the CI said. */
  commit?: string;
  verdict: Status;
  lighthouseVersion: string | null;
  runsPerPage: number;
  environment: Environment;
  pages: PageResult[];
  budgets: Verdict[];
  /** Comparison with the base branch's runs, when a base was given. */
  comparison?: BaseComparison;
  /** Side by side was asked for, but the base's build is byte-identical to this one: only this one was measured. */
  identicalBase?: BuildDigest;
  /** Lab versus field per page, when perfgate compare added it. */
  field?: LabVsField;
}

/** Input for one page: the samples of its measured runs and what went wrong. */
export interface PageInput {
  name: string;
  url: string;
  runs: number;
  samples: RunSample[];
  error: RunError | null;
  retries?: Array<{ run: number; error: RunError }>;
  reports?: ReportFiles | null;
  flow?: FlowStep;
}

/** Aggregates the runs of one page: median, min, max, spread per metric, score and resource. */
export function summarizePage(input: PageInput): PageResult {
  const { samples } = input;
  const metrics: PageResult['metrics'] = {};
  for (const id of METRIC_IDS) {
    const agg = aggregate(samples.map((s) => s.metrics[id] ?? Number.NaN));
    if (agg) metrics[id] = agg;
  }
  const scores: PageResult['scores'] = {};
  for (const id of CATEGORY_IDS) {
    const agg = aggregate(samples.map((s) => s.scores[id] ?? Number.NaN));
    if (agg) scores[id] = agg;
  }
  const resources: PageResult['resources'] = {};
  for (const type of RESOURCE_TYPE_IDS) {
    const bytes = aggregate(samples.map((s) => s.resources[type]?.bytes ?? Number.NaN));
    const requests = aggregate(samples.map((s) => s.resources[type]?.requests ?? Number.NaN));
    if (bytes && requests) resources[type] = { bytes, requests };
  }
  const audits: Record<string, AuditAggregate> = {};
  for (const id of new Set(samples.flatMap((s) => Object.keys(s.audits ?? {})))) {
    const parts = samples.map((s) => s.audits?.[id]);
    const of = (field: 'score' | 'numericValue' | 'items') => aggregate(parts.map((p) => p?.[field] ?? Number.NaN)) ?? undefined;
    const numericUnit = parts.find((p) => p?.numericUnit)?.numericUnit;
    const entry: AuditAggregate = { unit: (numericUnit && NUMERIC_UNITS[numericUnit]) || 'unitless' };
    for (const field of ['score', 'numericValue', 'items'] as const) {
      const agg = of(field);
      if (agg) entry[field] = agg;
    }
    audits[id] = entry;
  }
  const first = samples[0];
  const clues = pageClues(samples.map((s) => s.clues));
  return {
    name: input.name,
    url: input.url,
    runs: input.runs,
    measuredRuns: samples.length,
    error: input.error,
    formFactor: first?.environment.formFactor ?? null,
    lighthouseVersion: first?.lighthouseVersion ?? null,
    metrics,
    scores,
    resources,
    ...(Object.keys(audits).length > 0 ? { audits } : {}),
    representativeRun: representativeIndex(samples.map((s) => ({ fcp: s.metrics['first-contentful-paint'], tti: s.metrics.interactive }))),
    reports: input.reports ?? null,
    retries: input.retries ?? [],
    ...(clues ? { clues } : {}),
    ...(input.flow ? { flow: input.flow } : {}),
  };
}

/**
 * The environment of a set of runs: settings of the first run (and of the first run of the other
 * form factor, when pages of both were measured), median benchmark index of all; Node's version
 * passed in.
 */
export function environmentOf(samples: RunSample[], chromeVersion: string | null, formFactor: FormFactor | null, nodeVersion: string): Environment {
  const first = samples[0];
  const primary = first?.environment.formFactor ?? formFactor;
  const other = samples.find((s) => s.environment.formFactor !== null && s.environment.formFactor !== primary);
  const indexes = samples.map((s) => s.environment.benchmarkIndex ?? Number.NaN).filter(Number.isFinite);
  return {
    chromeVersion,
    nodeVersion,
    formFactor: primary,
    throttlingMethod: first?.environment.throttlingMethod ?? null,
    throttling: first?.environment.throttling ?? null,
    ...(first ? recordedScreenAndAgent(first.environment) : {}),
    benchmarkIndex: indexes.length > 0 ? median(indexes) : null,
    ...(other?.environment.formFactor ? { otherFormFactor: settingsOf(other.environment.formFactor, other.environment) } : {}),
  };
}

/** What a run or a set of runs recorded of the settings that change what a metric measures. */
type RecordedSettings = Pick<RunSample['environment'], 'throttlingMethod' | 'throttling' | 'screen' | 'userAgent'>;

/** The screen and user agent, only when recorded (results made before perfgate read them have neither). */
function recordedScreenAndAgent(recorded: RecordedSettings): Pick<Environment, 'screen' | 'userAgent'> {
  return { ...(recorded.screen ? { screen: recorded.screen } : {}), ...(recorded.userAgent != null ? { userAgent: recorded.userAgent } : {}) };
}

/** `formFactor`'s settings as recorded by a run or by results.json's environment. */
function settingsOf(formFactor: FormFactor, recorded: RecordedSettings): FormFactorSettings {
  return { formFactor, throttlingMethod: recorded.throttlingMethod, throttling: recorded.throttling, ...recordedScreenAndAgent(recorded) };
}

/** The settings of each form factor a run measured: the first run's, then the other one's when pages of both were measured. */
export function formFactorSettings(environment: Environment): FormFactorSettings[] {
  const first = environment.formFactor === null ? [] : [settingsOf(environment.formFactor, environment)];
  return [...first, ...(environment.otherFormFactor ? [environment.otherFormFactor] : [])];
}

/**
 * The settings `formFactor`'s runs were measured with: the first run's when it had that form factor,
 * else the other form factor's; undefined when the results do not say (made before perfgate
 * recorded the other form factor's).
 */
export function settingsFor(environment: Environment | undefined, formFactor: FormFactor | null): FormFactorSettings | undefined {
  if (!environment || formFactor === null) return undefined;
  if (environment.formFactor === formFactor) return settingsOf(formFactor, environment);
  return environment.otherFormFactor?.formFactor === formFactor ? environment.otherFormFactor : undefined;
}

const STATUS_ORDER: Record<Status, number> = { pass: 0, warn: 1, borderline: 2, fail: 3, error: 4 };

/** Whether the pages were measured side by side: some page has the base's runs beside its own, or was found to load the same files from both builds. */
export const measuredSideBySide = (pages: readonly PageResult[]): boolean => pages.some((page) => page.base !== undefined || page.identicalBase !== undefined);

/** The worst status: error (not measured) > fail > borderline > warn > pass. */
export function worst(statuses: Iterable<Status>): Status {
  let out: Status = 'pass';
  for (const status of statuses) if (STATUS_ORDER[status] > STATUS_ORDER[out]) out = status;
  return out;
}

/** The verdict of a whole run: a page that could not be measured makes it `error`. */
export function overallVerdict(pages: readonly PageResult[], budgets: readonly Verdict[]): Status {
  const pageErrors: Status[] = pages.map((p) => (p.error ? 'error' : 'pass'));
  return worst([...pageErrors, ...budgets.map((b) => b.status)]);
}

/** Exit code for a verdict: 0 pass, warn or borderline, 1 an error-level budget failed, 3 something could not be measured. */
export const EXIT_CODES: Record<Status, number> = { pass: 0, warn: 0, borderline: 0, fail: 1, error: 3 };
