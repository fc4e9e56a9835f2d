import { auditOfVerdict, USER_TIMINGS_AUDIT } from '../rules.js';
import type { Results } from '../results.js';
import type { AuditOption, Verdict } from '../types.js';

/**
 * One entry of Lighthouse CI's `assertion-results.json`, as `lhci assert` writes it (and
 * treosh/lighthouse-ci-action's `assertionResults` output holds): a Lighthouse budget that did not pass.
 */
export interface LhciAssertionResult {
  /** The assertion: what of the audit was compared. */
  name: AuditOption;
  /** The limit crossed: the error limit for a level `error`, the warn limit for a level `warn`. */
  expected: number;
  /** The median of the runs; null (Lighthouse CI's NaN) when nothing was measured. */
  actual: number | null;
  values: number[];
  operator: '<=' | '>=';
  passed: false;
  /** Lighthouse's audit (`categories` for a category score). */
  auditId: string;
  /** What of the audit: a category, `script.size`, a user timing's name. */
  auditProperty?: string;
  level: 'warn' | 'error';
  url: string;
  /** Why the budget did not pass where the value alone does not say (not measured, borderline). */
  message?: string;
  /** perfgate's page (or flow step) name, which tells apart the steps of a flow at one URL. */
  page: string;
}

/** The Lighthouse CI assertion of each verdict id, read as Lighthouse CI splits assertion keys. Rules as data. */
const ASSERTION_OF: Array<{ test: (id: string) => boolean; assertion: (id: string) => Pick<LhciAssertionResult, 'name' | 'auditId' | 'auditProperty'> }> = [
  {
    test: (id) => id.startsWith('categories:'),
    assertion: (id) => ({ name: 'minScore', auditId: 'categories', auditProperty: id.slice('categories:'.length) }),
  },
  {
    test: (id) => id.startsWith('resource-summary:'),
    assertion: (id) => ({ name: 'maxNumericValue', auditId: 'resource-summary', auditProperty: id.split(':').slice(1).join('.') }),
  },
  {
    test: (id) => id.startsWith(`${USER_TIMINGS_AUDIT}:`),
    assertion: (id) => ({
      name: id.slice(id.lastIndexOf(':') + 1) as AuditOption,
      auditId: USER_TIMINGS_AUDIT,
      auditProperty: auditOfVerdict(id).slice(USER_TIMINGS_AUDIT.length + 1),
    }),
  },
  {
    test: (id) => /:(minScore|maxNumericValue|maxLength)$/.test(id),
    assertion: (id) => ({ name: id.slice(id.lastIndexOf(':') + 1) as AuditOption, auditId: auditOfVerdict(id) }),
  },
  // A timing metric's id is its audit's.
  { test: () => true, assertion: (id) => ({ name: 'maxNumericValue', auditId: id }) },
];

/** Budgets Lighthouse measured: bundle, field and regression budgets have no Lighthouse CI assertion. */
const LIGHTHOUSE_KINDS = new Set<Verdict['kind']>(['timing', 'score', 'resource', 'audit', 'flow']);

/**
 * The level a verdict did not pass at, and the limit it names: a failure the error limit; a
 * warning the warn limit; a budget not measured its highest level; a borderline one (the limit
 * within the noise) the limit nearest its median, at level warn, since it does not fail the run.
 */
function levelOf(v: Verdict): { level: 'warn' | 'error'; expected: number } | null {
  const limits = (['error', 'warn'] as const).flatMap((level) => (v[level] === null ? [] : [{ level, expected: v[level] as number }]));
  switch (v.status) {
    case 'pass':
      return null;
    case 'fail':
    case 'warn': {
      const level = v.status === 'fail' ? 'error' : 'warn';
      return limits.find((l) => l.level === level) ?? null;
    }
    case 'error':
      return limits[0] ?? null;
    case 'borderline': {
      const actual = v.actual ?? 0;
      const nearest = [...limits].sort((a, b) => Math.abs(a.expected - actual) - Math.abs(b.expected - actual))[0];
      return nearest ? { level: 'warn', expected: nearest.expected } : null;
    }
  }
}

/**
 * The Lighthouse budgets that did not pass in Lighthouse CI's `assertion-results.json` shape, one
 * entry per budget at the level it did not pass, so that scripts and notifiers written for
 * `lhci assert`'s file read perfgate's. Pure.
 */
export function lhciAssertionResults(results: Results): LhciAssertionResult[] {
  const urls = new Map(results.pages.map((p) => [p.name, p.url]));
  return results.budgets.flatMap((v): LhciAssertionResult[] => {
    const url = urls.get(v.page);
    const at = levelOf(v);
    if (!LIGHTHOUSE_KINDS.has(v.kind) || url === undefined || at === null) return [];
    const assertion = (ASSERTION_OF.find((a) => a.test(v.id)) as (typeof ASSERTION_OF)[number]).assertion(v.id);
    return [
      {
        ...assertion,
        expected: at.expected,
        actual: v.actual,
        values: v.values,
        operator: v.operator,
        passed: false,
        level: at.level,
        url,
        ...(v.message ? { message: v.message } : {}),
        page: v.page,
      },
    ];
  });
}
