import type { BudgetRule } from '../config/model.js';
import type { FlowStep, PageResult } from '../results.js';
import { AUDIT_OPTIONS, assertionId, CATEGORIES, METRICS, RESOURCE_TYPES, USER_TIMINGS_AUDIT, userTimingOf } from '../rules.js';
import type { Aggregate, AuditOption, BudgetKind, CategoryId, Limits, MetricId, ResourceType, Unit, Verdict } from '../types.js';
import { judge } from './judge.js';
import { lastMatch } from './path-pattern.js';

/** One budget of a rule, before it meets a page: what to read and how to compare it. */
interface Check {
  kind: BudgetKind;
  id: string;
  label: string;
  unit: Unit;
  operator: '<=' | '>=';
  limits: Limits;
  /** What the value is called in a "not measured" message. */
  what: string;
  read: (page: PageResult) => Aggregate | undefined;
  /** A unit that only the runs tell (an audit's numeric value), instead of `unit`. */
  unitOf?: (page: PageResult) => Unit;
}

const entries = <K extends string, V>(record: Partial<Record<K, V>>) => Object.entries(record) as Array<[K, V]>;

/** Every budget of a rule as a list of checks (rules as data: one loop judges them all). */
export function checksOf(rule: BudgetRule): Check[] {
  return [
    ...entries<MetricId, Limits>(rule.timings).map(
      ([id, limits]): Check => ({
        kind: 'timing',
        id: assertionId.timing(id),
        label: METRICS[id].label,
        unit: METRICS[id].unit,
        operator: '<=',
        limits,
        what: `the "${id}" audit`,
        read: (page) => page.metrics[id],
      }),
    ),
    ...entries<CategoryId, Limits>(rule.scores).map(
      ([id, limits]): Check => ({
        kind: 'score',
        id: assertionId.score(id),
        label: `${CATEGORIES[id].label} score`,
        unit: 'score',
        operator: '>=',
        limits,
        what: `the ${id} category score`,
        read: (page) => page.scores[id],
      }),
    ),
    ...entries<ResourceType, Limits>(rule.resourceSizes).map(
      ([type, limits]): Check => ({
        kind: 'resource',
        id: assertionId.resourceSize(type),
        label: `${RESOURCE_TYPES[type].label} size`,
        unit: 'bytes',
        operator: '<=',
        limits,
        what: 'the "resource-summary" audit',
        read: (page) => page.resources[type]?.bytes,
      }),
    ),
    ...entries<ResourceType, Limits>(rule.resourceCounts).map(
      ([type, limits]): Check => ({
        kind: 'resource',
        id: assertionId.resourceCount(type),
        label: `${RESOURCE_TYPES[type].label} requests`,
        unit: 'count',
        operator: '<=',
        limits,
        what: 'the "resource-summary" audit',
        read: (page) => page.resources[type]?.requests,
      }),
    ),
    ...Object.entries(rule.audits ?? {}).flatMap(([id, options]) =>
      entries<AuditOption, Limits>(options).map(([option, limits]): Check => {
        const { read, label, operator, unit } = AUDIT_OPTIONS[option];
        const timing = userTimingOf(id);
        return {
          kind: 'audit',
          id: assertionId.audit(id, option),
          label: timing === null ? `${id} ${label}` : `${timing} (user timing)`,
          // A user timing is in ms, measured or not; another audit's value is in the audit's own unit.
          unit: timing === null ? (unit ?? 'unitless') : 'ms',
          ...(unit || timing !== null ? {} : { unitOf: (page: PageResult) => page.audits?.[id]?.unit ?? 'unitless' }),
          operator,
          limits,
          what: timing === null ? `the "${id}" audit's ${read === 'items' ? 'details' : read}` : `the mark or measure "${timing}" (the "user-timings" audit)`,
          read: (page) => page.audits?.[id]?.[read],
        };
      }),
    ),
  ];
}

/**
 * The audits the rules' audit budgets read, each once, in order: what Lighthouse must run
 * (`onlyAudits`) and what to read of its reports. User timing budgets read the user-timings audit.
 */
export function auditIdsOf(rules: readonly BudgetRule[]): string[] {
  const ids = rules.flatMap((rule) => Object.keys(rule.audits ?? {})).map((id) => (userTimingOf(id) === null ? id : USER_TIMINGS_AUDIT));
  return [...new Set(ids)].sort();
}

/** The rule of a page (the last whose path matches its URL) or of a flow step (the last of its flow, for it or every step). */
export function ruleOf(page: Pick<PageResult, 'url' | 'flow'>, rules: readonly BudgetRule[]): BudgetRule | undefined {
  const { flow } = page;
  if (!flow)
    return lastMatch(
      rules.filter((r) => !r.flow),
      page.url,
    );
  return rules.findLast((r) => r.flow?.name === flow.name && (r.flow.step === null || flow.step === null || r.flow.step === flow.step));
}

type StepMode = NonNullable<FlowStep['mode']>;

const TIMESPAN_METRICS = ['interaction-to-next-paint', 'total-blocking-time', 'cumulative-layout-shift'];
/** A snapshot's performance audits are diagnostics that weigh nothing: Lighthouse gives it no performance score. */
const SNAPSHOT_UNSCORED = assertionId.score('performance');

/**
 * What each kind of flow step measures: navigations what a page load does, timespans INP, TBT and
 * CLS, snapshots the scores of categories other than performance.
 */
const MEASURED_IN: Record<StepMode, (check: Check) => boolean> = {
  navigation: (check) => check.id !== 'interaction-to-next-paint',
  // A timespan or a snapshot runs other audits than a page load; audit budgets are for page loads.
  timespan: (check) => check.kind !== 'audit' && TIMESPAN_METRICS.includes(check.id),
  snapshot: (check) => check.kind === 'score' && check.id !== SNAPSHOT_UNSCORED,
};

/** The kinds of step that measure a check, for the message of a budget on a step that does not. */
const stepsMeasuring = (check: Check): string => {
  const modes = (Object.keys(MEASURED_IN) as StepMode[]).filter((mode) => MEASURED_IN[mode](check));
  return modes.map((mode) => `a ${mode} step`).join(' or ');
};

/**
 * The checks of a rule for a page, or for a flow step those its kind of step measures: a budget for
 * every step skips the others; one that names its step says what the step cannot measure.
 */
function checksFor(page: PageResult, rule: BudgetRule): Array<Check & { unmeasurable?: string }> {
  const mode = page.flow?.mode;
  if (!mode) return checksOf(rule);
  const measured = MEASURED_IN[mode];
  return checksOf(rule)
    .filter((check) => measured(check) || rule.flow?.step !== null)
    .map((check) =>
      measured(check)
        ? check
        : {
            ...check,
            unmeasurable: `a ${mode} step does not measure ${check.label}; budget it on ${stepsMeasuring(check)}, or leave out "step"`,
          },
    );
}

/** Judges one page (or flow step) against its budget rule: last match wins. Verdicts of flow steps are of kind "flow". */
export function assertPage(page: PageResult, rules: readonly BudgetRule[]): Verdict[] {
  const rule = ruleOf(page, rules);
  if (!rule) return [];
  return checksFor(page, rule).map((check): Verdict => {
    const base = {
      page: page.name,
      kind: page.flow ? ('flow' as const) : check.kind,
      id: check.id,
      label: check.label,
      unit: check.unitOf?.(page) ?? check.unit,
      operator: check.operator,
      warn: check.limits.warn,
      error: check.limits.error,
    };
    if (check.unmeasurable) return { ...base, actual: null, values: [], status: 'error', message: check.unmeasurable };
    if (page.error) {
      return { ...base, actual: null, values: [], status: 'error', message: `page not measured: ${page.error.code}` };
    }
    const agg = check.read(page);
    if (!agg) {
      return { ...base, actual: null, values: [], status: 'error', message: `not measured: Lighthouse reported no value for ${check.what} in any run` };
    }
    const verdict: Verdict = { ...base, actual: agg.median, values: agg.values, status: judge(agg.median, check.limits, check.operator) };
    if (agg.values.length < page.measuredRuns) verdict.message = `measured in ${agg.values.length} of ${page.measuredRuns} runs`;
    return verdict;
  });
}

/** Judges every page. */
export function assertPages(pages: readonly PageResult[], rules: readonly BudgetRule[]): Verdict[] {
  return pages.flatMap((page) => assertPage(page, rules));
}
