import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { closest, configError, type ConfigProblem } from '../errors.js';
import { METRIC_ALIASES } from '../rules.js';
import { lightWalletListFix } from './lightwallet-list-fix.js';
import { lhciKeyFix, pagesOf, urlListFix } from './lhci-key-fix.js';
import { lhciAssertFix } from './lhci-assert-fix.js';

const schemaUrl = (name: string) => new URL(`../../schema/${name}`, import.meta.url);
const loadSchema = (name: string): Record<string, unknown> => JSON.parse(readFileSync(schemaUrl(name), 'utf8'));

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });
addFormats.default(ajv);
for (const name of ['pages.schema.json', 'budgets.schema.json', 'results.schema.json']) ajv.addSchema(loadSchema(name));

/** The schemas perfgate validates against, by the name of the file they describe. */
export const SCHEMAS = {
  pages: 'https://perfgate.dev/schema/pages.schema.json',
  budgets: 'https://perfgate.dev/schema/budgets.schema.json#/definitions/file',
  results: 'https://perfgate.dev/schema/results.schema.json',
} as const;

/** Validates `data` against a shipped schema; throws one user error listing every problem. */
export function validate(schema: keyof typeof SCHEMAS, data: unknown, file: string): void {
  const check = ajv.getSchema(SCHEMAS[schema]);
  if (!check) throw new Error(`schema ${schema} is not loaded`);
  if (check(data)) return;
  const problems = (check.errors ?? []).filter((e) => e.keyword !== 'propertyNames').map((e) => describe(e, { schema, data }));
  const unique = problems.filter((p, i) => problems.findIndex((q) => q.where === p.where && q.what === p.what) === i);
  throw configError(file, unique);
}

/**
 * The problems pages.json's schema finds in the value of one of its top-level keys (none when it
 * takes it), each said as for pages.json itself: so that settings imported from another tool's
 * config are held to the same rules, written once.
 */
export function pagesKeyProblems(key: string, value: unknown): ConfigProblem[] {
  const check = ajv.getSchema(`${SCHEMAS.pages}#/properties/${key}`);
  if (!check) throw new Error(`pages.json's schema has no key ${key}`);
  if (check(value)) return [];
  return (check.errors ?? []).filter((e) => e.keyword !== 'propertyNames').map((e) => describe(e));
}

/** `/budgets/0/timings/lcp` → `budgets[0].timings.lcp`. */
export function jsonPath(pointer: string, extra?: string): string {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra !== undefined) parts.push(extra);
  let out = '';
  for (const part of parts) {
    if (/^\d+$/.test(part)) out += `[${part}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out || '(root)';
}

const shown = (value: unknown): string => {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return String(value);
};

const SIZE_FIX = 'write bytes as a number (250000) or a string like "250 kB", "1.5 MB" or "300 KiB"';

/** What to write instead of a value of the wrong JSON type, by the type(s) the schema expects. */
const TYPE_FIX: Record<string, string> = {
  'number,object': 'write a number (the error level), or { "warn": ..., "error": ... }',
  number: 'write a number, without quotes or units',
  integer: 'write a whole number, without quotes',
  string: 'write a string in double quotes',
  boolean: 'write true or false',
  // emulatedUserAgent's (its only key): true names no user agent.
  'string,boolean': 'write a string in double quotes, or false',
  array: 'write a list: [ ... ]',
  object: 'write an object: { ... }',
  default: 'see the JSON Schema named by "$schema" for what this key takes',
};

/**
 * A value written in the shape another tool gives it, where perfgate's file takes another: a
 * LightWallet budget's list in budgets.json, Lighthouse CI's list of URLs as pages.json's "url", a
 * page as its path alone. What to write instead, or null.
 */
function borrowedShapeFix(error: ErrorObject, file: WholeFile | undefined): string | null {
  const at = error.instancePath;
  const schema = file?.schema;
  const list = /^\/budgets\/\d+\/(\w+)$/.exec(at)?.[1];
  if (schema === 'budgets' && list !== undefined && Array.isArray(error.data)) return lightWalletListFix(list, error.data);
  if (schema === 'pages' && at === '/url' && Array.isArray(error.data)) return urlListFix(error.data);
  if (schema === 'pages' && /^\/pages\/\d+$/.test(at) && typeof error.data === 'string') {
    // Named beside the file's other pages written alike, as `--url` names them together.
    const pages = (file?.data as { pages?: unknown } | undefined)?.pages;
    const alike = Array.isArray(pages) ? pages.filter((page): page is string => typeof page === 'string') : [];
    return `write ${pagesOf(alike)[alike.indexOf(error.data)] ?? pagesOf([error.data]).join('')}`;
  }
  return null;
}

/** The file a problem was found in: its schema and its content. */
interface WholeFile {
  schema: keyof typeof SCHEMAS;
  data: unknown;
}

/**
 * One problem the schema found, said for people; `file`, the whole file (absent for a key's value
 * alone), adds the fixes for what people bring from LightWallet and Lighthouse CI.
 */
function describe(error: ErrorObject, file?: WholeFile): ConfigProblem {
  const schema = file?.schema;
  const params = error.params as Record<string, unknown>;
  const parentProps = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const guess = closest(key, parentProps, METRIC_ALIASES);
      const given = (error.data as Record<string, unknown>)[key];
      // In a page or user flow, which writes some of Lighthouse CI's keys itself.
      const noun = /^\/(page|flow)s\/\d+$/.exec(error.instancePath)?.[1] as 'page' | 'flow' | undefined;
      const inBudget = /^\/budgets\/\d+$/.test(error.instancePath);
      const lhci =
        schema === 'pages' && (error.instancePath === '' || noun)
          ? lhciKeyFix(key, given, noun && { noun, keys: parentProps })
          : schema === 'budgets' && (error.instancePath === '' || inBudget)
            ? lhciAssertFix(key, given, inBudget)
            : null;
      return {
        where: jsonPath(error.instancePath, key),
        what: `unknown key "${key}"`,
        fix: lhci ?? (guess ? `did you mean "${guess}"?` : `allowed keys here: ${parentProps.filter((k) => k !== '$schema').join(', ')}`),
      };
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      if (error.propertyName !== undefined) {
        const guess = closest(error.propertyName, allowed);
        return {
          where: jsonPath(error.instancePath, error.propertyName),
          what: `unknown key "${error.propertyName}"`,
          fix: guess ? `did you mean "${guess}"?` : `allowed keys here: ${allowed.join(', ')}`,
        };
      }
      return { where: jsonPath(error.instancePath), what: `found ${shown(error.data)}`, fix: `write one of ${allowed.map((a) => `"${a}"`).join(', ')}` };
    }
    case 'required':
      return { where: jsonPath(error.instancePath), what: `"${String(params.missingProperty)}" is missing`, fix: `add "${String(params.missingProperty)}"` };
    case 'type': {
      return {
        where: jsonPath(error.instancePath),
        what: `found ${shown(error.data)}, expected ${String(params.type).replace(/,/g, ' or ')}`,
        fix: borrowedShapeFix(error, file) ?? TYPE_FIX[String(params.type)] ?? TYPE_FIX.default,
      };
    }
    case 'minimum':
    case 'maximum':
      return {
        where: jsonPath(error.instancePath),
        what: `found ${shown(error.data)}, must be ${String(params.comparison)} ${String(params.limit)}`,
        fix:
          Number(error.data) < 0
            ? 'limits cannot be negative'
            : params.comparison === '<=' && Number(params.limit) === 1 && Number(error.data) > 1
              ? `scores go from 0 to 1: write ${Number(error.data) / 100} for ${Number(error.data)}`
              : `write a value ${String(params.comparison)} ${String(params.limit)}`,
      };
    case 'minItems':
      return { where: jsonPath(error.instancePath), what: 'is empty', fix: 'list at least one entry' };
    case 'minProperties': {
      // An empty limit wants its levels; an empty audit budget (its properties listed by the schema) wants its options.
      const named = Object.keys((error.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {}).filter(
        (key) => !['warn', 'error'].includes(key),
      );
      const options = named
        .map((key) => `"${key}"`)
        .join(', ')
        .replace(/, ([^,]*)$/, ' or $1');
      return { where: jsonPath(error.instancePath), what: 'is empty', fix: named.length > 0 ? `give ${options}` : 'give "warn", "error" or both' };
    }
    case 'minLength':
      return { where: jsonPath(error.instancePath), what: 'is empty', fix: 'write a non-empty string' };
    case 'maxLength':
      return {
        where: jsonPath(error.instancePath),
        what: `is longer than ${String(params.limit)} characters`,
        fix: `shorten it to ${String(params.limit)} characters or fewer`,
      };
    case 'pattern': {
      const pattern = String(params.pattern);
      if (pattern === '^/') {
        return {
          where: jsonPath(error.instancePath),
          what: `found ${shown(error.data)}, a path must start with "/"`,
          fix: `write "/${String(error.data).replace(/^\.?\/?/, '')}"`,
        };
      }
      if (pattern.includes('%'))
        return {
          where: jsonPath(error.instancePath),
          what: `found ${shown(error.data)}, which is not a percentage`,
          fix: 'write a fraction (0.1) or a string like "10%"',
        };
      if (pattern.includes('ms|s'))
        return {
          where: jsonPath(error.instancePath),
          what: `found ${shown(error.data)}, which is not a time`,
          fix: 'write milliseconds (300) or a string like "300 ms" or "1.5 s"',
        };
      return { where: jsonPath(error.instancePath), what: `found ${shown(error.data)}, which is not a size`, fix: SIZE_FIX };
    }
    case 'format':
      return {
        where: jsonPath(error.instancePath),
        what: `found ${shown(error.data)}, which is not a full URL`,
        fix: 'write a URL with its scheme, like "http://localhost:3000"',
      };
    default:
      return { where: jsonPath(error.instancePath), what: error.message ?? error.keyword };
  }
}
