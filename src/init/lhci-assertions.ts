import type { BudgetRule } from '../config/model.js';
import type { ConfigProblem } from '../errors.js';
import { AUDIT_OPTIONS, CATEGORIES, METRICS, RESOURCE_TYPES, USER_TIMINGS_AUDIT, userTimingId } from '../rules.js';
import type { AuditOption, Limits } from '../types.js';
import { LHCI_PRESETS, type LhciPresets, withPreset } from './lhci-preset.js';
import { isObject } from './is-object.js';

/** One set of assertions Lighthouse CI applies: `assert` itself, or one entry of `assert.assertMatrix`. */
export interface AssertBlock {
  /** Where it is in the config, for messages: `ci.assert` or `ci.assert.assertMatrix[1]`. */
  where: string;
  /** `matchingUrlPattern`: the URLs it applies to (a regular expression), or null for all. */
  pattern: RegExp | null;
  aggregationMethod: string | null;
  preset: string | null;
  /** Whether the preset's assertions were loaded and merged into `assertions`. */
  presetMerged: boolean;
  /** The assertions that come from the preset alone (none of the config's own). */
  fromPreset: ReadonlySet<string>;
  /** The preset's assertions left out because the Lighthouse measuring has no such audit. */
  presetUnknown: string[];
  /** LightWallet budgets named by `budgetsFile`, relative to the folder lhci runs in. */
  budgetsFile: string | null;
  /** Each assertion as [level, options]. */
  assertions: Record<string, [string, Record<string, unknown>]>;
}

/** Where an assertion goes in budgets.json: a key of one of its sections, and the option Lighthouse CI compares. */
type Place =
  | { section: 'timings' | 'scores' | 'resourceSizes' | 'resourceCounts'; key: string; option: AuditOption }
  /** A user timing: an audit budget of its id (userTimingId), its value only. */
  | { section: 'userTimings'; key: string; option: 'maxNumericValue' }
  | { section: 'audits'; key: string; option: null }
  | { skip: string };

/** Lighthouse CI's assertion options that carry a limit, and the levels it knows. */
const LEVELS = ['off', 'warn', 'error'];
const OPTION_IDS = Object.keys(AUDIT_OPTIONS) as AuditOption[];

/** Lighthouse CI's own key handling (lodash-like kebabCase, then `.` or `:` between the parts). */
function partsOf(key: string): string[] {
  return key
    .replace(/([a-z])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .split(/[.:]/)
    .filter(Boolean);
}

/** Assertion ids whose audits perfgate does not budget, and why. */
const NOT_BUDGETED: Record<string, string> = {
  'performance-budget': "Lighthouse's budget audit: write its limits in budgets.json itself",
  'timing-budget': "Lighthouse's budget audit: write its limits in budgets.json itself",
};

/** Where an assertion goes in budgets.json, by its id: a section's key and the one option perfgate compares there, or every option of an audit. */
function placeOf(parts: string[]): Place {
  const [id = '', ...rest] = parts;
  if (NOT_BUDGETED[id]) return { skip: NOT_BUDGETED[id] };
  if (id === 'categories') {
    const category = rest[0] ?? '';
    if (rest.length !== 1 || !Object.hasOwn(CATEGORIES, category)) return { skip: `perfgate scores the categories ${Object.keys(CATEGORIES).join(', ')}` };
    return { section: 'scores', key: category, option: 'minScore' };
  }
  if (id === 'resource-summary') {
    const [type = '', what = ''] = rest;
    if (rest.length !== 2 || !Object.hasOwn(RESOURCE_TYPES, type) || !['size', 'count'].includes(what))
      return { skip: `write resource-summary:TYPE:size or :count, TYPE one of ${Object.keys(RESOURCE_TYPES).join(', ')}` };
    return { section: what === 'size' ? 'resourceSizes' : 'resourceCounts', key: type, option: 'maxNumericValue' };
  }
  if (id === USER_TIMINGS_AUDIT) {
    if (rest.length === 0) return { skip: 'name the mark or measure: user-timings:<name>' };
    return { section: 'userTimings', key: userTimingId(rest.join('-')), option: 'maxNumericValue' };
  }
  if (rest.length > 0) return { skip: `"${rest.join(':')}" after an audit id is not an assertion Lighthouse CI knows` };
  if (Object.hasOwn(METRICS, id)) return { section: 'timings', key: id, option: 'maxNumericValue' };
  return { section: 'audits', key: id, option: null };
}

/** A limit merged into limits at a level, the stricter one kept when two assertions give one. */
function tighten(limits: Limits | undefined, level: 'warn' | 'error', value: number, option: AuditOption): Limits {
  const out = limits ?? { warn: null, error: null };
  const old = out[level];
  const stricter = AUDIT_OPTIONS[option].operator === '>=' ? Math.max : Math.min;
  return { ...out, [level]: old === null ? value : stricter(old, value) };
}

/** What the assertions of one page became: its budget (path left to the caller) and what was not imported. */
export interface PageAssertions {
  rule: BudgetRule;
  /** Assertions skipped, with why: `ci.assert.assertions.categories:pwa: perfgate scores the categories ...`. */
  skipped: string[];
  /** The aggregation methods used (Lighthouse CI's default is "optimistic"). */
  aggregation: Set<string>;
  /** The assertions imported, by where they are: `ci.assert.assertions.first-contentful-paint`. */
  imported: Set<string>;
  /** Every assertion that applies (not "off"), imported or not. */
  applied: Set<string>;
}

/**
 * The budget of one page from the assertion blocks that apply to it (every block whose pattern
 * matches its URL, as Lighthouse CI applies them all): each assertion becomes the limit of its
 * section at its level, the stricter one when two blocks set one. An assertion without limits is
 * Lighthouse CI's default, a score of at least 0.9.
 */
export function pageAssertions(blocks: readonly AssertBlock[], url: string): PageAssertions {
  const rule: BudgetRule = { path: '/*', timings: {}, scores: {}, resourceSizes: {}, resourceCounts: {} };
  const out: PageAssertions = { rule, skipped: [], aggregation: new Set(), imported: new Set(), applied: new Set() };
  // Which assertion set each limit, so that a later, looser one (often meant to override) is named.
  const setBy = new Map<string, string>();
  const merge = (at: string, id: string, limits: Limits | undefined, level: 'warn' | 'error', option: AuditOption, value: number): Limits => {
    const slot = `${id}|${option}|${level}`;
    const merged = tighten(limits, level, value, option);
    const earlier = setBy.get(slot);
    if (earlier !== undefined && merged[level] !== value) {
      out.skipped.push(
        `${at} (${level} ${value}) is looser than ${earlier} (${merged[level]}) for ${url}: Lighthouse CI applies both there, so ${merged[level]} is imported`,
      );
    } else setBy.set(slot, at);
    return merged;
  };
  for (const block of blocks) {
    if (block.pattern && !block.pattern.test(url)) continue;
    // The preset's metric scores, named in one note.
    const presetScores: string[] = [];
    for (const [key, value] of Object.entries(block.assertions)) {
      const [level, options] = value;
      if (level === 'off') continue;
      const given = OPTION_IDS.filter((option) => options[option] !== undefined);
      // Without limits, Lighthouse CI asserts a score of at least 0.9.
      const limits = given.length > 0 ? given : (['minScore'] as AuditOption[]);
      const place = placeOf(partsOf(key));
      const at = block.fromPreset.has(key) ? `${block.where}.preset ${block.preset} ${key}` : `${block.where}.assertions.${key}`;
      out.applied.add(at);
      if ('skip' in place) {
        out.skipped.push(`${at}: ${place.skip}`);
        continue;
      }
      const limitOf = (option: AuditOption) => (typeof options[option] === 'number' ? options[option] : 0.9);
      const lvl = level as 'warn' | 'error';
      if (place.section === 'audits') {
        const audits = rule.audits ?? {};
        const audit = audits[place.key] ?? {};
        for (const option of limits) audit[option] = merge(at, place.key, audit[option], lvl, option, limitOf(option));
        audits[place.key] = audit;
        rule.audits = audits;
      } else {
        const other = limits.filter((option) => option !== place.option);
        const what = (option: AuditOption) => `${AUDIT_OPTIONS[option].label} (${option}${given.length === 0 ? ", Lighthouse CI's default 0.9" : ''})`;
        if (other.length > 0 && block.fromPreset.has(key) && place.section === 'timings') presetScores.push(place.key);
        else if (other.length > 0)
          out.skipped.push(
            `${at}: its ${other.map(what).join(' and ')} is not imported: perfgate budgets the ${AUDIT_OPTIONS[place.option].label} (${place.option}) of "${place.key}" under "${place.section}"`,
          );
        if (!limits.includes(place.option)) continue;
        if (place.section === 'userTimings') {
          const audits = rule.audits ?? {};
          audits[place.key] = { maxNumericValue: merge(at, place.key, audits[place.key]?.maxNumericValue, lvl, place.option, limitOf(place.option)) };
          rule.audits = audits;
        } else {
          const section = rule[place.section] as Record<string, Limits>;
          section[place.key] = merge(at, `${place.section}.${place.key}`, section[place.key], lvl, place.option, limitOf(place.option));
        }
      }
      out.imported.add(at);
      out.aggregation.add(String(options.aggregationMethod ?? block.aggregationMethod ?? 'optimistic'));
    }
    if (presetScores.length > 0)
      out.skipped.push(
        `${block.where}.preset ${block.preset}: its scores of ${presetScores.join(', ')} are not imported: perfgate budgets the metrics' values under "timings"`,
      );
  }
  dropLateWarnings(rule, out.skipped);
  return out;
}

/**
 * A warn level beyond the error level never warns first (Lighthouse CI checks them apart, and the
 * error fails before): only the error level is kept, since budgets.json wants them in order.
 */
function dropLateWarnings(rule: BudgetRule, skipped: string[]): void {
  const check = (name: string, limits: Limits, operator: '<=' | '>=') => {
    if (limits.warn === null || limits.error === null) return;
    if (operator === '<=' ? limits.warn <= limits.error : limits.warn >= limits.error) return;
    skipped.push(
      `${name}: its warn level (${limits.warn}) lies beyond its error level (${limits.error}) and never warns first; the error level alone is imported`,
    );
    limits.warn = null;
  };
  for (const section of ['timings', 'resourceSizes', 'resourceCounts'] as const)
    for (const [key, limits] of Object.entries(rule[section])) check(key, limits as Limits, '<=');
  for (const [key, limits] of Object.entries(rule.scores)) check(`categories:${key}`, limits as Limits, '>=');
  for (const [id, options] of Object.entries(rule.audits ?? {}))
    for (const [option, limits] of Object.entries(options)) check(`${id} ${option}`, limits as Limits, AUDIT_OPTIONS[option as AuditOption].operator);
}

/**
 * Lighthouse CI's `assert` section as blocks of assertions, checked: levels, option values and
 * patterns that Lighthouse CI would refuse or misread are problems (the import stops, exit 2).
 */
export function assertBlocksOf(assert: unknown, problems: ConfigProblem[], presets?: LhciPresets): AssertBlock[] {
  if (assert === undefined) return [];
  if (!isObject(assert)) {
    problems.push({ where: 'ci.assert', what: 'is not an object', fix: 'write "assert": { "assertions": { ... } }' });
    return [];
  }
  const matrix = assert.assertMatrix;
  if (matrix !== undefined) {
    if (!Array.isArray(matrix)) {
      problems.push({ where: 'ci.assert.assertMatrix', what: 'is not a list', fix: 'write a list of { "matchingUrlPattern", "assertions" }' });
      return [];
    }
    return matrix.flatMap((entry, i) => blockOf(entry, `ci.assert.assertMatrix[${i}]`, problems, presets));
  }
  return blockOf(assert, 'ci.assert', problems, presets);
}

function blockOf(raw: unknown, where: string, problems: ConfigProblem[], presets?: LhciPresets): AssertBlock[] {
  if (!isObject(raw)) {
    problems.push({ where, what: 'is not an object', fix: 'write { "matchingUrlPattern": "...", "assertions": { ... } }' });
    return [];
  }
  let pattern: RegExp | null = null;
  if (raw.matchingUrlPattern !== undefined) {
    try {
      pattern = new RegExp(String(raw.matchingUrlPattern));
    } catch (error) {
      problems.push({ where: `${where}.matchingUrlPattern`, what: `is not a regular expression (${(error as Error).message})` });
    }
  }
  const assertions = raw.assertions ?? {};
  if (!isObject(assertions)) {
    problems.push({
      where: `${where}.assertions`,
      what: 'is not an object',
      fix: 'write { "first-contentful-paint": ["error", { "maxNumericValue": 2000 }] }',
    });
    return [];
  }
  const preset = typeof raw.preset === 'string' ? raw.preset : null;
  if (preset !== null && !LHCI_PRESETS.includes(preset))
    problems.push({ where: `${where}.preset`, what: `"${preset}" is not a preset of Lighthouse CI`, fix: `write one of ${LHCI_PRESETS.join(', ')}` });
  const presetAssertions = preset === null ? undefined : presets?.assertions[preset];
  const merged = presetAssertions ? withPreset(presetAssertions, assertions) : { assertions, fromPreset: new Set<string>() };
  // A preset's audits that the Lighthouse measuring does not have are left out (named by the caller).
  const known = (key: string) => !presets?.knownAudits || presets.knownAudits.has(partsOf(key)[0] ?? '');
  const isOff = (value: unknown) => value === 'off' || (Array.isArray(value) && value[0] === 'off');
  const unknown = [...merged.fromPreset].filter((key) => !known(key) && !isOff(merged.assertions[key]));
  const valid: Record<string, [string, Record<string, unknown>]> = {};
  for (const [key, value] of Object.entries(merged.assertions)) {
    if (unknown.includes(key)) continue;
    const at = merged.fromPreset.has(key) ? `${where}.preset ${preset} ${key}` : `${where}.assertions.${key}`;
    const [level, options] = typeof value === 'string' ? [value, {}] : Array.isArray(value) ? [value[0], value[1] ?? {}] : [undefined, undefined];
    if (typeof level !== 'string' || !LEVELS.includes(level)) {
      problems.push({
        where: at,
        what: `${JSON.stringify(value)} is not an assertion`,
        fix: 'write "off", "warn" or "error", or ["error", { "maxNumericValue": 2000 }]',
      });
      continue;
    }
    if (!isObject(options)) {
      problems.push({ where: at, what: 'its options are not an object', fix: 'write ["error", { "maxNumericValue": 2000 }]' });
      continue;
    }
    for (const option of OPTION_IDS) {
      const limit = options[option];
      if (limit !== undefined && (typeof limit !== 'number' || !Number.isFinite(limit) || limit < 0))
        problems.push({
          where: `${at}.${option}`,
          what: `${JSON.stringify(limit)} is not a number`,
          fix: `write a number, e.g. "${option}": ${option === 'minScore' ? 0.9 : 2000}`,
        });
      else if (option === 'minScore' && typeof limit === 'number' && limit > 1)
        problems.push({
          where: `${at}.minScore`,
          what: `${limit} is above 1, a score no run reaches`,
          fix: `scores run from 0 to 1: write ${limit <= 100 ? limit / 100 : 1}`,
        });
    }
    valid[key] = [level, options];
  }
  const text = (key: string) => (typeof raw[key] === 'string' ? (raw[key] as string) : null);
  return [
    {
      where,
      pattern,
      aggregationMethod: text('aggregationMethod'),
      preset,
      presetMerged: presetAssertions !== undefined,
      fromPreset: merged.fromPreset,
      presetUnknown: unknown,
      budgetsFile: text('budgetsFile'),
      assertions: valid,
    },
  ];
}
