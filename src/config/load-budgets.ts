import { existsSync } from 'node:fs';
import path from 'node:path';
import { configError, type ConfigProblem, UserError } from '../errors.js';
import { patternProblem } from '../budgets/path-pattern.js';
import type { FieldMetricName } from '../field/wire.js';
import type { AuditOption, Limits } from '../types.js';
import { AUDIT_OPTIONS, METRICS, USER_TIMINGS_AUDIT, userTimingId, userTimingOf } from '../rules.js';
import { fromLightWallet } from './lightwallet.js';
import { BUNDLER_OPTIONS, bundlerCheck, type PackageFacts } from './bundler-check.js';
import { mainFile, packageFacts } from './package-facts.js';
import { loadSizeLimitBundles, type SizeLimitFlags } from './size-limit-config.js';
import {
  DEFAULT_COMPARISON,
  type BudgetRule,
  type BudgetsConfig,
  type Bundler,
  type BundleBudget,
  type ComparisonSettings,
  type Compression,
} from './model.js';
import type { MetricId } from '../types.js';
import { readJson } from './read-json.js';
import { parseDuration, parseNumber, parsePercent, parseSize } from './units.js';
import { validate } from './validate.js';

type RawLimits = number | string | { warn?: number | string; error?: number | string };

interface RawBundle {
  name: string;
  path?: string | string[];
  /** size-limit's bundler options (see bundlerCheck), and which of its plugins bundles them. */
  bundler?: Bundler;
  import?: unknown;
  ignore?: unknown;
  config?: unknown;
  entry?: unknown;
  disableModuleConcatenation?: unknown;
  warn?: number | string;
  error?: number | string;
  compression?: Compression;
  time?: { warn?: number | string; error?: number | string };
  running?: boolean;
  message?: string;
}

interface RawBudget {
  path?: string;
  flow?: string;
  step?: string;
  timings?: Record<string, RawLimits>;
  scores?: Record<string, RawLimits>;
  resourceSizes?: Record<string, RawLimits>;
  resourceCounts?: Record<string, RawLimits>;
  audits?: Record<string, Record<string, RawLimits>>;
  userTimings?: Record<string, RawLimits>;
}

/** budgets.json plus the warnings met while reading it (things accepted but ignored), each naming its file. */
export interface LoadedBudgets extends BudgetsConfig {
  warnings: string[];
}

const inFile = (file: string, warnings: string[]) => warnings.map((warning) => `${file}: ${warning}`);

/** Loads budgets.json (perfgate format or a LightWallet array). Throws a UserError (exit 2) naming every problem. */
export function loadBudgets(file: string): LoadedBudgets {
  const absolute = path.resolve(file);
  return parseBudgets(readJson(absolute, 'budgets file'), absolute);
}

/**
 * budgets.json for a command whose --budgets defaults to it: the default file only when it exists
 * (null otherwise), a file named on the command line always (missing is an error).
 */
export function loadBudgetsIfPresent(cwd: string, file: string, defaultName = 'budgets.json'): LoadedBudgets | null {
  const absolute = path.resolve(cwd, file);
  return existsSync(absolute) || file !== defaultName ? loadBudgets(absolute) : null;
}

/**
 * budgets.json for the commands that measure bundles (run, size): when it has no bundles, or there
 * is no budgets.json, the checks of size-limit's config in the same folder (package.json's
 * "size-limit", `.size-limit.json`), so that a project moving from size-limit keeps one list; or, as
 * size-limit's command line says (`sizeLimit`), the checks of the config `--config` names (relative
 * to cwd), or one check of the files named (instead of any bundles), with `--limit` as every check's limit.
 */
export async function loadBudgetsWithBundles(
  cwd: string,
  file: string,
  defaultName = 'budgets.json',
  sizeLimit: SizeLimitFlags = {},
): Promise<LoadedBudgets | null> {
  const budgets = loadBudgetsIfPresent(cwd, file, defaultName);
  const files = (sizeLimit.files?.length ?? 0) > 0;
  if (budgets && budgets.bundles.length > 0 && !files) {
    if (sizeLimit.config !== undefined)
      throw new UserError(
        `${budgets.file} has "bundles", and --config names size-limit's config (${sizeLimit.config}): give the bundles in one place (remove "bundles", or leave out --config).`,
      );
    if (sizeLimit.limit !== undefined)
      throw new UserError(
        `${budgets.file} has "bundles", whose limits are their "warn" and "error": --limit sets the limit of size-limit's checks only. Leave out --limit, or change the limits in ${path.basename(budgets.file)}.`,
      );
    return budgets;
  }
  const warnings: string[] = [];
  const found = await loadSizeLimitBundles(!files && sizeLimit.config === undefined && budgets ? path.dirname(budgets.file) : cwd, warnings, sizeLimit);
  if (!found) return budgets && { ...budgets, warnings: [...budgets.warnings, ...warnings] };
  const base = budgets ?? { file: found.file, format: 'perfgate' as const, budgets: [], comparison: DEFAULT_COMPARISON, field: {}, warnings: [] };
  return { ...base, bundles: found.bundles, bundlesFile: found.file, warnings: [...base.warnings, ...warnings] };
}

/** Validates parsed budgets content; `file` is used in messages. */
export function parseBudgets(data: unknown, file: string): LoadedBudgets {
  const problems: ConfigProblem[] = [];
  const warnings: string[] = [];
  if (Array.isArray(data)) {
    if (data.length === 0) throw configError(file, [{ where: '(root)', what: 'is an empty list', fix: 'add at least one budget' }]);
    const budgets = fromLightWallet(data, problems, warnings);
    if (problems.length > 0) throw configError(file, problems);
    return {
      file,
      format: 'lightwallet',
      budgets,
      bundles: [],
      bundlesFile: file,
      comparison: DEFAULT_COMPARISON,
      field: {},
      warnings: inFile(file, warnings),
    };
  }
  validate('budgets', data, file);
  const raw = (data as { budgets?: RawBudget[] }).budgets ?? [];
  const budgets = raw.map((budget, i): BudgetRule => {
    const where = `budgets[${i}]`;
    if (budget.flow !== undefined && budget.path !== undefined)
      problems.push({ where, what: 'has both "path" and "flow"', fix: 'keep "path" for pages, or "flow" (and "step") for a user flow from pages.json' });
    if (budget.step !== undefined && budget.flow === undefined)
      problems.push({ where: `${where}.step`, what: 'names a step but no "flow"', fix: 'add "flow": the name of the flow in pages.json' });
    const pattern = budget.path ?? '/';
    const problem = budget.flow === undefined ? patternProblem(pattern) : null;
    if (problem)
      problems.push({ where: `${where}.path`, what: `${JSON.stringify(pattern)}: ${problem}`, fix: 'write a pattern like "/*", "/blog/*" or "/checkout$"' });
    return {
      path: pattern,
      ...(budget.flow !== undefined ? { flow: { name: budget.flow, step: budget.step ?? null } } : {}),
      timings: limitsOf(budget.timings, `${where}.timings`, '<=', problems),
      scores: limitsOf(budget.scores, `${where}.scores`, '>=', problems),
      resourceSizes: limitsOf(budget.resourceSizes, `${where}.resourceSizes`, '<=', problems),
      resourceCounts: limitsOf(budget.resourceCounts, `${where}.resourceCounts`, '<=', problems),
      ...(budget.audits || budget.userTimings
        ? {
            audits: {
              ...auditsOf(budget.audits ?? {}, `${where}.audits`, problems),
              ...userTimingsOf(budget.userTimings ?? {}, `${where}.userTimings`, problems),
            },
          }
        : {}),
    };
  });
  const bundles = bundlesOf((data as { bundles?: RawBundle[] }).bundles ?? [], path.dirname(file), problems);
  const comparison = comparisonOf((data as { comparison?: RawComparison }).comparison, problems);
  const field = limitsOf<FieldMetricName>((data as { field?: Record<string, RawLimits> }).field, 'field', '<=', problems);
  if (problems.length > 0) throw configError(file, problems);
  return { file, format: 'perfgate', budgets, bundles, bundlesFile: file, comparison, field, warnings: inFile(file, warnings) };
}

interface RawComparison {
  alpha?: number;
  minEffect?: { relative?: number; ms?: number; cls?: number };
  maxIncrease?: Record<string, RawLimits>;
}

function comparisonOf(raw: RawComparison | undefined, problems: ConfigProblem[]): ComparisonSettings {
  const maxIncrease: Partial<Record<MetricId, Limits>> = {};
  for (const [id, value] of Object.entries(raw?.maxIncrease ?? {})) {
    maxIncrease[id as MetricId] = parseLimits(
      typeof value === 'object' ? value : { error: value },
      `comparison.maxIncrease.${id}`,
      '<=',
      problems,
      parsePercent,
    );
  }
  return {
    alpha: raw?.alpha ?? DEFAULT_COMPARISON.alpha,
    minRelative: raw?.minEffect?.relative ?? DEFAULT_COMPARISON.minRelative,
    minMs: raw?.minEffect?.ms ?? DEFAULT_COMPARISON.minMs,
    minCls: raw?.minEffect?.cls ?? DEFAULT_COMPARISON.minCls,
    maxIncrease,
  };
}

/** A budgets.json bundle's keys that make it bundled with size-limit's esbuild or webpack plugin before it is measured. */
const BUNDLER_KEYS = ['bundler', ...Object.keys(BUNDLER_OPTIONS)] as const;

function bundlesOf(raw: RawBundle[], baseDir: string, problems: ConfigProblem[]): BundleBudget[] {
  const seen = new Map<string, number>();
  // package.json's main and peer dependencies, read once and only for a bundle that is bundled.
  let pkg: PackageFacts | null = null;
  return raw.map((bundle, i) => {
    const where = `bundles[${i}]`;
    const first = seen.get(bundle.name);
    if (first !== undefined)
      problems.push({ where: `${where}.name`, what: `"${bundle.name}" is already the name of bundles[${first}]`, fix: 'give every bundle a unique name' });
    else seen.set(bundle.name, i);
    if (bundle.warn === undefined && bundle.error === undefined && bundle.time === undefined) {
      problems.push({ where, what: 'has no limit', fix: 'add "warn" and/or "error" sizes like "250 kB", or "time" limits' });
    }
    const size = parseLimits({ warn: bundle.warn, error: bundle.error }, where, '<=', problems, parseSize);
    const time = bundle.time ? parseLimits(bundle.time, `${where}.time`, '<=', problems, parseDuration) : null;
    if (bundle.running !== undefined && !bundle.time)
      problems.push({
        where: `${where}.running`,
        what: '"running" only matters with "time" limits',
        fix: 'add "time": {"warn": "300 ms"} or remove "running"',
      });
    const bundled = BUNDLER_KEYS.some((key) => (bundle as unknown as Record<string, unknown>)[key] !== undefined);
    if (bundled) pkg ??= packageFacts(baseDir);
    // Without a path, a bundled bundle is package.json's main file (index.js when it has none), as
    // size-limit's check is; a webpack config's entry points name their own files.
    const patterns =
      bundle.path !== undefined
        ? typeof bundle.path === 'string'
          ? [bundle.path]
          : bundle.path
        : bundled && bundle.entry === undefined
          ? [mainFile(pkg as PackageFacts)]
          : [];
    const bundler = bundled
      ? bundlerCheck(
          bundle as unknown as Record<string, unknown>,
          patterns[0] ?? null,
          where,
          { ...(pkg as PackageFacts), bundler: bundle.bundler ?? null, bundlerKey: true },
          problems,
        )
      : null;
    // Files measured as they are need a path.
    if (patterns.length === 0 && bundler?.entry == null)
      problems.push({ where: `${where}.path`, what: 'is missing', fix: 'write "path": "dist/assets/*.js" (the built files to measure)' });
    return {
      name: bundle.name,
      patterns,
      baseDir,
      compression: bundle.compression ?? 'brotli',
      size,
      time,
      running: bundle.running ?? true,
      ...(bundle.message ? { message: bundle.message } : {}),
      ...(bundler ? { bundler } : {}),
    };
  });
}

/** Where a budget of an audit that perfgate budgets under another key belongs. */
function auditKeyProblem(id: string): string | null {
  if (Object.hasOwn(METRICS, id)) return `a timing: write it under "timings" ("${id}": { "warn": ..., "error": ... })`;
  if (id === 'resource-summary') return 'resource weights: write them under "resourceSizes" and "resourceCounts"';
  if (id.startsWith('categories:')) return 'a category score: write it under "scores"';
  if (id === USER_TIMINGS_AUDIT || userTimingOf(id) !== null)
    return 'a user timing: write it under "userTimings" ("hero-rendered": { "warn": ..., "error": ... })';
  if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) return 'write the audit id as Lighthouse names it, like "uses-text-compression"';
  return null;
}

/** Audit budgets: per audit id, limits of its score (a minimum), numeric value and number of items (maxima). */
function auditsOf(raw: Record<string, Record<string, RawLimits>>, where: string, problems: ConfigProblem[]): NonNullable<BudgetRule['audits']> {
  const out: NonNullable<BudgetRule['audits']> = {};
  for (const [id, options] of Object.entries(raw)) {
    const problem = auditKeyProblem(id);
    if (problem) {
      problems.push({ where: `${where}.${id}`, what: `"${id}" is not an audit budget here`, fix: problem });
      continue;
    }
    const limits: Partial<Record<AuditOption, Limits>> = {};
    for (const [option, value] of Object.entries(options) as Array<[AuditOption, RawLimits]>) {
      const { operator } = AUDIT_OPTIONS[option];
      limits[option] = parseLimits(typeof value === 'object' ? value : { error: value }, `${where}.${id}.${option}`, operator, problems, parseNumber);
    }
    out[id] = limits;
  }
  return out;
}

/**
 * User timing budgets: per mark or measure name, limits of its time in ms (a mark's start, a
 * measure's duration), kept as audit budgets of the user-timings audit (userTimingId), as
 * Lighthouse CI asserts them.
 */
function userTimingsOf(raw: Record<string, RawLimits>, where: string, problems: ConfigProblem[]): NonNullable<BudgetRule['audits']> {
  const out: NonNullable<BudgetRule['audits']> = {};
  for (const [name, value] of Object.entries(raw)) {
    const id = userTimingId(name);
    if (id === userTimingId('')) {
      problems.push({
        where: `${where}.${name}`,
        what: `${JSON.stringify(name)} holds no letter or digit`,
        fix: 'write the name the page gives performance.mark() or performance.measure()',
      });
      continue;
    }
    if (out[id]) {
      problems.push({
        where: `${where}.${name}`,
        what: `names the same user timing as another key (${userTimingOf(id)})`,
        fix: 'names are matched in kebab case, letters and digits only: keep one of them',
      });
      continue;
    }
    out[id] = { maxNumericValue: parseLimits(typeof value === 'object' ? value : { error: value }, `${where}.${name}`, '<=', problems, parseNumber) };
  }
  return out;
}

/** Turns `{key: 250 | "250 kB" | {warn, error}}` into Limits per key. */
function limitsOf<K extends string>(
  raw: Record<string, RawLimits> | undefined,
  where: string,
  operator: '<=' | '>=',
  problems: ConfigProblem[],
): Partial<Record<K, Limits>> {
  const out: Partial<Record<K, Limits>> = {};
  for (const [key, value] of Object.entries(raw ?? {})) {
    out[key as K] = parseLimits(typeof value === 'object' ? value : { error: value }, `${where}.${key}`, operator, problems, parseSize);
  }
  return out;
}

/** Parses one `{warn, error}` pair, checking that each parses and that warn and error are in order. */
function parseLimits(
  object: { warn?: number | string; error?: number | string },
  at: string,
  operator: '<=' | '>=',
  problems: ConfigProblem[],
  parse: (value: number | string) => number | null,
): Limits {
  const fix =
    parse === parseDuration
      ? 'write milliseconds, or a time like "300 ms" or "1.5 s"'
      : parse === parsePercent
        ? 'write a fraction (0.1) or a percentage like "10%"'
        : 'write a number, or a size like "250 kB"';
  const read = (level: 'warn' | 'error') => {
    const value = object[level];
    if (value === undefined) return null;
    const parsed = parse(value);
    if (parsed === null) problems.push({ where: `${at}.${level}`, what: `${JSON.stringify(value)} does not parse`, fix });
    return parsed;
  };
  const warn = read('warn');
  const error = read('error');
  if (warn !== null && error !== null) {
    if (operator === '<=' && warn > error) {
      problems.push({
        where: at,
        what: `warn (${String(object.warn)}) is above error (${String(object.error)})`,
        fix: 'warn is the lower limit: swap the two values',
      });
    }
    if (operator === '>=' && warn < error) {
      problems.push({
        where: at,
        what: `warn (${String(object.warn)}) is below error (${String(object.error)})`,
        fix: 'for scores, warn is the higher minimum: swap the two values',
      });
    }
  }
  return { warn, error };
}
