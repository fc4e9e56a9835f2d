import { CATEGORY_IDS, METRIC_IDS, RESOURCE_TYPE_IDS, USER_TIMINGS_AUDIT, userTimingId, userTimingOf } from './rules.js';
import { runClues } from './run-clues.js';
import type { CategoryId, FormFactor, MetricId, ResourceType, RunClues, RunError } from './types.js';

/** What perfgate takes from one Lighthouse report. */
export interface RunSample {
  lighthouseVersion: string;
  requestedUrl: string;
  finalUrl: string;
  fetchTime: string;
  /** Lighthouse's runtime error (a page that failed to load or paint), or null. */
  runtimeError: RunError | null;
  /** Timing metric values (ms, CLS unitless); a metric Lighthouse did not produce is absent. */
  metrics: Partial<Record<MetricId, number>>;
  /** Category scores 0-1 of the categories that ran and scored. */
  scores: Partial<Record<CategoryId, number>>;
  /** Transfer bytes and request counts per resource type, from the `resource-summary` audit. */
  resources: Partial<Record<ResourceType, { bytes: number; requests: number }>>;
  /** The audits an audit budget reads (those the run was asked for with `onlyAudits`, and any named): what Lighthouse reported of each it ran. */
  audits?: Record<string, AuditSample>;
  /** Why the metrics are what they are: the LCP element and the main thread's work (absent in samples made before perfgate read them). */
  clues?: RunClues;
  environment: {
    benchmarkIndex: number | null;
    hostUserAgent: string;
    formFactor: FormFactor | null;
    throttlingMethod: string | null;
    throttling: Record<string, number> | null;
    /** Lighthouse's screen emulation (absent in samples made before perfgate read it). */
    screen?: Screen | null;
    /** Lighthouse's `emulatedUserAgent`: the user agent the page was sent (false: Chrome's own); absent in samples made before perfgate read it. */
    userAgent?: string | false | null;
  };
}

/** The screen a run emulated, as Lighthouse's settings record it. */
export interface Screen {
  width: number;
  height: number;
  deviceScaleFactor: number;
  mobile: boolean;
  disabled: boolean;
}

/**
 * What an audit budget can read of one audit in one run, as Lighthouse CI's assertions read it; a
 * part Lighthouse did not give (or an audit that failed to run) is null.
 */
export interface AuditSample {
  /** The score; 1 for an audit that does not apply to the page, 0 for an informative one (as Lighthouse CI counts them). */
  score: number | null;
  numericValue: number | null;
  /** Lighthouse's unit of the numeric value (`millisecond`, `byte`, `element`, `unitless`), or null. */
  numericUnit: string | null;
  /** The number of items of the audit's details (a table's rows, a list's entries): 0 without details, as Lighthouse CI counts them. */
  items: number | null;
}

/** The parts of a Lighthouse report (LHR) perfgate reads. Anything may be missing in a damaged report. */
interface LhrLike {
  lighthouseVersion?: unknown;
  requestedUrl?: unknown;
  finalDisplayedUrl?: unknown;
  finalUrl?: unknown;
  fetchTime?: unknown;
  runtimeError?: { code?: unknown; message?: unknown };
  audits?: Record<
    string,
    { score?: unknown; scoreDisplayMode?: unknown; numericValue?: unknown; numericUnit?: unknown; details?: { items?: unknown[] } } | undefined
  >;
  categories?: Record<string, { score?: unknown; auditRefs?: Array<{ weight?: unknown }> } | undefined>;
  environment?: { benchmarkIndex?: unknown; hostUserAgent?: unknown };
  configSettings?: {
    formFactor?: unknown;
    throttlingMethod?: unknown;
    throttling?: unknown;
    screenEmulation?: unknown;
    emulatedUserAgent?: unknown;
    onlyAudits?: unknown;
  };
}

const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
const str = (value: unknown, fallback = ''): string => (typeof value === 'string' ? value : fallback);

/**
 * True for a category none of whose audits counts towards its score: a user flow's snapshot step's
 * performance category, whose audits are all diagnostics. Lighthouse writes 0 for it (its weighted
 * mean divides 0 by 0), which is no score: its flow report shows such a category as audits passed.
 */
const unweighted = (category: { auditRefs?: Array<{ weight?: unknown }> } | undefined): boolean =>
  Array.isArray(category?.auditRefs) && category.auditRefs.length > 0 && category.auditRefs.every((ref) => ref.weight === 0);

/** The score Lighthouse CI gives an audit that has none: one that does not apply passes, an informative one does not. */
const SCORE_OF_MODE: Record<string, number> = { notApplicable: 1, informative: 0 };

/** True when a parsed JSON value looks like a Lighthouse report. */
export function isLighthouseReport(value: unknown): boolean {
  const lhr = value as LhrLike | null;
  return typeof lhr === 'object' && lhr !== null && typeof lhr.lighthouseVersion === 'string' && typeof lhr.audits === 'object';
}

/**
 * Extracts metric values, scores and resource weights from one Lighthouse report, of Lighthouse 8
 * through 13: the metric audits, `resource-summary` and the category scores kept their ids, and the
 * final URL is `finalDisplayedUrl` from Lighthouse 10 on (`finalUrl` before). Of other audits, it
 * reads those the run was asked for (`onlyAudits`, which perfgate sets from the audit budgets) and
 * those in `auditIds` (audit budgets checked against reports made elsewhere).
 */
export function extractRun(report: unknown, auditIds: readonly string[] = []): RunSample {
  const lhr = report as LhrLike;
  const audits = lhr.audits ?? {};
  const onlyAudits = lhr.configSettings?.onlyAudits;
  const wanted = new Set([...(Array.isArray(onlyAudits) ? onlyAudits.filter((id): id is string => typeof id === 'string') : []), ...auditIds]);
  const audited: Record<string, AuditSample> = {};
  for (const id of wanted) {
    const audit = audits[id];
    // The user-timings audit is read as the marks and measures it lists, below.
    if (!audit || id === USER_TIMINGS_AUDIT) continue;
    // An audit that failed to run measured nothing: no part of it is a value, never a pass.
    const failed = audit.scoreDisplayMode === 'error';
    const items = audit.details?.items;
    audited[id] = {
      score: failed ? null : (num(audit.score) ?? SCORE_OF_MODE[String(audit.scoreDisplayMode)] ?? null),
      numericValue: failed ? null : (num(audit.numericValue) ?? null),
      numericUnit: typeof audit.numericUnit === 'string' ? audit.numericUnit : null,
      items: failed ? null : Array.isArray(items) ? items.length : 0,
    };
  }

  // User timings are read when any is budgeted: each mark (its start) and measure (its duration), the first of each name.
  if ([...wanted].some((id) => id === USER_TIMINGS_AUDIT || userTimingOf(id) !== null)) {
    for (const item of audits[USER_TIMINGS_AUDIT]?.details?.items ?? []) {
      const row = item as { name?: unknown; startTime?: unknown; duration?: unknown };
      const value = num(row.duration) ?? num(row.startTime);
      const id = typeof row.name === 'string' ? userTimingId(row.name) : null;
      if (id === null || value === undefined || audited[id]) continue;
      audited[id] = { score: null, numericValue: value, numericUnit: 'millisecond', items: null };
    }
  }

  const metrics: Partial<Record<MetricId, number>> = {};
  for (const id of METRIC_IDS) {
    const value = num(audits[id]?.numericValue);
    if (value !== undefined) metrics[id] = value;
  }

  const scores: Partial<Record<CategoryId, number>> = {};
  for (const id of CATEGORY_IDS) {
    const category = lhr.categories?.[id];
    const value = num(category?.score);
    if (value !== undefined && !unweighted(category)) scores[id] = value;
  }

  const resources: Partial<Record<ResourceType, { bytes: number; requests: number }>> = {};
  const known = new Set<string>(RESOURCE_TYPE_IDS);
  for (const item of audits['resource-summary']?.details?.items ?? []) {
    const row = item as { resourceType?: unknown; transferSize?: unknown; requestCount?: unknown };
    const type = str(row.resourceType);
    const bytes = num(row.transferSize);
    const requests = num(row.requestCount);
    if (known.has(type) && bytes !== undefined && requests !== undefined) {
      resources[type as ResourceType] = { bytes, requests };
    }
  }

  const runtimeError =
    lhr.runtimeError && typeof lhr.runtimeError.code === 'string'
      ? { code: lhr.runtimeError.code, message: str(lhr.runtimeError.message, lhr.runtimeError.code) }
      : null;

  const settings = lhr.configSettings ?? {};
  const formFactor = settings.formFactor === 'desktop' || settings.formFactor === 'mobile' ? settings.formFactor : null;
  return {
    lighthouseVersion: str(lhr.lighthouseVersion, 'unknown'),
    requestedUrl: str(lhr.requestedUrl),
    finalUrl: str(lhr.finalDisplayedUrl, str(lhr.finalUrl)),
    fetchTime: str(lhr.fetchTime),
    runtimeError,
    metrics,
    scores,
    resources,
    audits: audited,
    clues: runClues(lhr),
    environment: {
      benchmarkIndex: num(lhr.environment?.benchmarkIndex) ?? null,
      hostUserAgent: str(lhr.environment?.hostUserAgent),
      formFactor,
      throttlingMethod: typeof settings.throttlingMethod === 'string' ? settings.throttlingMethod : null,
      throttling: isNumberRecord(settings.throttling) ? settings.throttling : null,
      screen: screenOf(settings.screenEmulation),
      userAgent: typeof settings.emulatedUserAgent === 'string' || settings.emulatedUserAgent === false ? settings.emulatedUserAgent : null,
    },
  };
}

function screenOf(value: unknown): Screen | null {
  if (typeof value !== 'object' || value === null) return null;
  const { width, height, deviceScaleFactor, mobile, disabled } = value as Record<string, unknown>;
  if (typeof width !== 'number' || typeof height !== 'number' || typeof deviceScaleFactor !== 'number') return null;
  return { width, height, deviceScaleFactor, mobile: mobile === true, disabled: disabled === true };
}

function isNumberRecord(value: unknown): value is Record<string, number> {
  return typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'number');
}
