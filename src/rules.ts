import type { AuditOption, CategoryId, MetricId, ResourceType, Unit } from './types.js';

/** What perfgate knows about each timing metric: one row per Lighthouse audit id. */
export interface MetricRule {
  label: string;
  name: string;
  unit: Unit;
  /** Short names people type, used to suggest the right key. */
  aliases: string[];
}

export const METRICS: Record<MetricId, MetricRule> = {
  'first-contentful-paint': { label: 'FCP', name: 'First Contentful Paint', unit: 'ms', aliases: ['fcp'] },
  'largest-contentful-paint': { label: 'LCP', name: 'Largest Contentful Paint', unit: 'ms', aliases: ['lcp'] },
  interactive: { label: 'TTI', name: 'Time to Interactive', unit: 'ms', aliases: ['tti', 'time-to-interactive'] },
  'cumulative-layout-shift': { label: 'CLS', name: 'Cumulative Layout Shift', unit: 'unitless', aliases: ['cls'] },
  'total-blocking-time': { label: 'TBT', name: 'Total Blocking Time', unit: 'ms', aliases: ['tbt'] },
  'speed-index': { label: 'SI', name: 'Speed Index', unit: 'ms', aliases: ['si', 'speedindex'] },
  /** Measured in user flows' timespan steps (interactions); a page load has none. */
  'interaction-to-next-paint': { label: 'INP', name: 'Interaction to Next Paint', unit: 'ms', aliases: ['inp'] },
};

export const METRIC_IDS = Object.keys(METRICS) as MetricId[];

/** Each metric's short names ("lcp") to its id, for guessing the key meant. */
export const METRIC_ALIASES: Readonly<Record<string, MetricId>> = Object.fromEntries(
  Object.entries(METRICS).flatMap(([id, rule]) => rule.aliases.map((alias) => [alias, id as MetricId])),
);

export const CATEGORIES: Record<CategoryId, { label: string }> = {
  performance: { label: 'Performance' },
  accessibility: { label: 'Accessibility' },
  'best-practices': { label: 'Best practices' },
  seo: { label: 'SEO' },
};

export const CATEGORY_IDS = Object.keys(CATEGORIES) as CategoryId[];

export const RESOURCE_TYPES: Record<ResourceType, { label: string }> = {
  total: { label: 'Total' },
  document: { label: 'Document' },
  script: { label: 'Script' },
  stylesheet: { label: 'Stylesheet' },
  image: { label: 'Image' },
  media: { label: 'Media' },
  font: { label: 'Font' },
  other: { label: 'Other' },
  'third-party': { label: 'Third-party' },
};

export const RESOURCE_TYPE_IDS = Object.keys(RESOURCE_TYPES) as ResourceType[];

/** Metrics that Lighthouse budgets once accepted but Lighthouse 12 no longer reports. */
export const REMOVED_METRICS: Record<string, string> = {
  'first-meaningful-paint': 'removed in Lighthouse 10; use "largest-contentful-paint"',
  'max-potential-fid': 'removed in Lighthouse 12; use "total-blocking-time"',
};

/**
 * What an audit budget reads of an audit, per Lighthouse CI assertion option: the field of the
 * audit, how its limit compares, and the unit (a numeric value's unit is the audit's own).
 */
export const AUDIT_OPTIONS: Record<AuditOption, { read: 'score' | 'numericValue' | 'items'; label: string; operator: '<=' | '>='; unit: Unit | null }> = {
  minScore: { read: 'score', label: 'score', operator: '>=', unit: 'score' },
  maxNumericValue: { read: 'numericValue', label: 'value', operator: '<=', unit: null },
  maxLength: { read: 'items', label: 'items', operator: '<=', unit: 'count' },
};

export const AUDIT_OPTION_IDS = Object.keys(AUDIT_OPTIONS) as AuditOption[];

/** Lighthouse's `numericUnit` of an audit as perfgate's unit (a unit it does not know is shown as a plain number). */
export const NUMERIC_UNITS: Record<string, Unit> = { millisecond: 'ms', byte: 'bytes', element: 'count', unitless: 'unitless' };

/** Lighthouse's audit that lists the page's User Timing marks and measures. */
export const USER_TIMINGS_AUDIT = 'user-timings';

/**
 * The audit id a user timing is budgeted and read under: \`user-timings:<name>\`, the name in kebab
 * case, letters and digits only, as Lighthouse CI matches marks and measures to its assertions.
 */
export function userTimingId(name: string): string {
  const kebab = name
    .replace(/([a-z])([A-Z])/g, '$1-$2')
    .replace(/[^a-z0-9]+/gi, '-')
    .replace(/-+/g, '-')
    .replace(/(^-|-$)/g, '')
    .toLowerCase();
  return `${USER_TIMINGS_AUDIT}:${kebab}`;
}

/** The user timing's name in an audit id of userTimingId, or null for any other audit. */
export const userTimingOf = (auditId: string): string | null =>
  auditId.startsWith(`${USER_TIMINGS_AUDIT}:`) ? auditId.slice(USER_TIMINGS_AUDIT.length + 1) : null;

/** The assertion id of each budget kind, named the way Lighthouse CI names them. */
export const assertionId = {
  timing: (id: MetricId) => id,
  score: (id: CategoryId) => `categories:${id}`,
  resourceSize: (type: ResourceType) => `resource-summary:${type}:size`,
  resourceCount: (type: ResourceType) => `resource-summary:${type}:count`,
  /** Lighthouse CI names the assertion after the audit; the option makes it unique when one audit has several. */
  audit: (id: string, option: AuditOption) => `${id}:${option}`,
};

/** The audit of an audit budget's verdict id: `dom-size:maxNumericValue` is `dom-size`'s, `user-timings:hero:maxNumericValue` the user timing's. */
export const auditOfVerdict = (id: string): string => id.slice(0, id.lastIndexOf(':'));

/**
 * Audits perfgate reads in every run, with what it reads from each: pages.json's `skipAudits` may
 * not name them (Lighthouse would not run them; a skipped metric would also change the
 * performance score).
 */
export const READ_AUDITS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(METRIC_IDS.map((id) => [id, `perfgate measures ${METRICS[id].label} from it`])),
  'resource-summary': 'perfgate reads the resource weights from it',
  'network-requests': "perfgate reads from it which files a page loaded (a page whose files the base's build serves alike is measured once)",
};
