import { existsSync } from 'node:fs';
import path from 'node:path';
import { localeProblems } from './lighthouse-locales.js';
import { userAgentProblems } from './user-agent-problems.js';
import { configError, type ConfigProblem } from '../errors.js';
import type { CategoryId, FormFactor } from '../types.js';
import {
  DEFAULT_MAX_RUNS,
  DEFAULT_RUNS,
  DEFAULT_TIMEOUT_MS,
  type CookieSpec,
  type FlowSpec,
  type PageSpec,
  type PagesConfig,
  type Site,
  type ScreenEmulation,
  type Throttling,
  type ThrottlingMethod,
} from './model.js';
import { ownedChromeFlag } from './chrome-flags-owned.js';
import { readJson } from './read-json.js';
import { readAuditProblems } from './read-audit-problems.js';
import { validate } from './validate.js';

/** pages.json as the schema guarantees it. */
interface PagesFile {
  baseUrl?: string;
  staticDir?: string;
  singlePageApplication?: boolean;
  command?: string;
  url?: string;
  runs?: number;
  sampling?: { minRuns?: number; maxRuns?: number; maxSeconds?: number };
  formFactor?: FormFactor;
  throttlingMethod?: ThrottlingMethod;
  throttling?: Throttling;
  screenEmulation?: ScreenEmulation;
  emulatedUserAgent?: string | boolean;
  locale?: string;
  categories?: CategoryId[];
  skipAudits?: string[];
  timeoutMs?: number;
  blockedUrlPatterns?: string[];
  chromeFlags?: string[];
  headers?: Record<string, string>;
  cookies?: RawCookie[];
  setup?: string;
  pages: Array<{
    name: string;
    path?: string;
    url?: string;
    runs?: number;
    formFactor?: FormFactor;
    headers?: Record<string, string>;
    cookies?: RawCookie[];
    allowRedirect?: boolean;
    setup?: string | false;
  }>;
  flows?: Array<{ name: string; module: string; runs?: number; formFactor?: FormFactor; setup?: string | false }>;
}

type RawCookie = { name: string; value: string } & Partial<Omit<CookieSpec, 'name' | 'value'>>;

/** The environment "${env:NAME}" reads from. */
export type Env = Record<string, string | undefined>;

/** Loads and validates pages.json; "${env:NAME}" in headers and cookies reads `env`. Throws a UserError (exit 2) naming every problem. */
export function loadPages(file: string, env: Env = {}): PagesConfig {
  const absolute = path.resolve(file);
  const data = readJson(
    absolute,
    'pages file',
    'npx perfgate init writes it (and budgets.json) from your built site or your Lighthouse CI config; or name another with --pages FILE. (Only bundles to measure? npx perfgate size)',
  );
  return parsePages(data, absolute, env);
}

const ENV_REFERENCE = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Validates parsed pages.json content; `file` is used in messages and to resolve relative paths. */
export function parsePages(data: unknown, file: string, env: Env = {}): PagesConfig {
  validate('pages', data, file);
  const raw = data as PagesFile;
  const problems: ConfigProblem[] = [];
  const site = parseSite(raw, file, problems);
  const secrets = new Set<string>();
  /** A value with its "${env:NAME}" references replaced; what the environment gave is a secret. */
  const fill = (value: string, where: string): string =>
    value.replace(ENV_REFERENCE, (_, name: string) => {
      const found = env[name];
      if (found === undefined || found === '') {
        problems.push({
          where,
          what: `reads \${env:${name}}, but ${name} is not set`,
          fix: `set ${name} in the environment (a CI secret), or write the value itself`,
        });
        return '';
      }
      secrets.add(found);
      return found;
    });
  const headersOf = (headers: Record<string, string> | undefined, where: string): Record<string, string> =>
    Object.fromEntries(Object.entries(headers ?? {}).map(([name, value]) => [name, fill(value, `${where}.${name}`)]));
  const cookiesOf = (cookies: RawCookie[] | undefined, where: string): CookieSpec[] =>
    (cookies ?? []).map((c, i) => ({
      name: c.name,
      value: fill(c.value, `${where}[${i}].value`),
      domain: c.domain ?? null,
      url: c.url ?? null,
      path: c.path ?? null,
      httpOnly: c.httpOnly ?? false,
      secure: c.secure ?? false,
      sameSite: c.sameSite ?? null,
    }));
  /** A module's absolute path (a setup or a flow); one that does not exist is a problem. */
  const moduleOf = (given: string, where: string, what: string): string => {
    const absolute = path.resolve(path.dirname(file), given);
    if (!existsSync(absolute))
      problems.push({ where, what: `"${given}" does not exist (looked for ${absolute})`, fix: `give the path of your ${what}, relative to this file` });
    return absolute;
  };
  const setupOf = (given: string | false | undefined, where: string): string | null =>
    given === undefined || given === false ? null : moduleOf(given, where, 'login module');
  const topSetup = setupOf(raw.setup, 'setup');
  const topHeaders = headersOf(raw.headers, 'headers');
  const topCookies = cookiesOf(raw.cookies, 'cookies');

  /** Each page and flow name, with the key that has it. */
  const seen = new Map<string, string>();
  const sampling = samplingOf(raw, problems);
  const pages: PageSpec[] = raw.pages.map((page, i) => {
    const where = `pages[${i}]`;
    const first = seen.get(page.name);
    if (first !== undefined) {
      problems.push({ where: `${where}.name`, what: `"${page.name}" is already the name of ${first}`, fix: 'give every page a unique name' });
    } else seen.set(page.name, where);
    if (page.path !== undefined && page.url !== undefined) {
      problems.push({ where, what: 'has both "path" and "url"', fix: 'keep one: "path" on the configured site, or a full "url"' });
    } else if (page.path === undefined && page.url === undefined) {
      problems.push({ where, what: 'has neither "path" nor "url"', fix: 'add "path": "/..." (on the configured site) or a full "url"' });
    } else if (page.url !== undefined) {
      checkHttp(page.url, `${where}.url`, problems);
    } else if (site.kind === 'none') {
      problems.push({
        where: `${where}.path`,
        what: 'is a path, but no site is configured',
        fix: 'add "baseUrl", "staticDir" or "command" + "url" at the top of the file, or give the page a full "url"',
      });
    }
    return {
      name: page.name,
      path: page.path ?? null,
      url: page.url ?? null,
      // A page's own "runs" is a fixed count; otherwise the page is sampled as the file says.
      runs: page.runs ?? sampling.minRuns,
      maxRuns: page.runs ?? sampling.maxRuns,
      maxMs: sampling.maxMs,
      formFactor: page.formFactor ?? raw.formFactor ?? 'mobile',
      headers: mergeHeaders(topHeaders, headersOf(page.headers, `${where}.headers`)),
      cookies: mergeCookies(topCookies, cookiesOf(page.cookies, `${where}.cookies`)),
      allowRedirect: page.allowRedirect ?? false,
      setup: page.setup === undefined ? topSetup : setupOf(page.setup, `${where}.setup`),
    };
  });

  const flows: FlowSpec[] = (raw.flows ?? []).map((flow, i) => {
    const where = `flows[${i}]`;
    const first = seen.get(flow.name);
    if (first !== undefined) {
      problems.push({ where: `${where}.name`, what: `"${flow.name}" is already the name of ${first}`, fix: 'give every page and flow a unique name' });
    } else seen.set(flow.name, where);
    return {
      name: flow.name,
      module: moduleOf(flow.module, `${where}.module`, 'flow module'),
      runs: flow.runs ?? sampling.minRuns,
      maxRuns: flow.runs ?? sampling.maxRuns,
      maxMs: sampling.maxMs,
      formFactor: flow.formFactor ?? raw.formFactor ?? 'mobile',
      headers: topHeaders,
      cookies: topCookies,
      setup: flow.setup === undefined ? topSetup : setupOf(flow.setup, `${where}.setup`),
    };
  });

  const chromeFlags = chromeFlagsOf(raw.chromeFlags ?? [], problems);
  const userAgent = raw.emulatedUserAgent;
  problems.push(...userAgentProblems(userAgent));
  problems.push(...localeProblems(raw.locale));
  problems.push(...readAuditProblems(raw.skipAudits ?? []));
  if (problems.length > 0) throw configError(file, problems);
  return {
    file,
    site,
    runs: sampling.minRuns,
    formFactor: raw.formFactor ?? 'mobile',
    throttlingMethod: raw.throttlingMethod ?? null,
    throttling: raw.throttling ?? {},
    screenEmulation: raw.screenEmulation ?? {},
    emulatedUserAgent: userAgent === true ? null : (userAgent ?? null),
    locale: raw.locale ?? null,
    categories: [...new Set(raw.categories ?? [])],
    skipAudits: [...new Set(raw.skipAudits ?? [])],
    timeoutMs: raw.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    blockedUrlPatterns: raw.blockedUrlPatterns ?? [],
    chromeFlags,
    pages,
    flows,
    secrets: [...secrets],
  };
}

/**
 * How many runs a page takes: a top-level "runs" alone is a fixed count (as Lighthouse CI's
 * numberOfRuns); otherwise "sampling" (or its defaults): minRuns, then more while a verdict is
 * open, up to maxRuns and maxSeconds.
 */
function samplingOf(raw: PagesFile, problems: ConfigProblem[]): { minRuns: number; maxRuns: number; maxMs: number | null } {
  if (!raw.sampling && raw.runs !== undefined) return { minRuns: raw.runs, maxRuns: raw.runs, maxMs: null };
  const minRuns = raw.sampling?.minRuns ?? raw.runs ?? DEFAULT_RUNS;
  const maxRuns = raw.sampling?.maxRuns ?? Math.max(DEFAULT_MAX_RUNS, minRuns);
  if (maxRuns < minRuns) {
    problems.push({
      where: 'sampling.maxRuns',
      what: `is ${maxRuns}, fewer than the ${minRuns} runs every page starts with (${raw.sampling?.minRuns !== undefined ? 'sampling.minRuns' : 'runs'})`,
      fix: `set "maxRuns" to at least ${minRuns}, or lower "minRuns"`,
    });
  }
  return { minRuns, maxRuns: Math.max(minRuns, maxRuns), maxMs: raw.sampling?.maxSeconds !== undefined ? raw.sampling.maxSeconds * 1000 : null };
}

/** The user's Chrome flags, each checked: a flag (`--name` or `--name=value`), one per string, none of perfgate's own. */
function chromeFlagsOf(flags: readonly string[], problems: ConfigProblem[]): string[] {
  flags.forEach((flag, i) => {
    const where = `chromeFlags[${i}]`;
    const owned = ownedChromeFlag(flag);
    if (!flag.startsWith('--')) {
      problems.push({ where, what: `"${flag}" is not a Chrome flag`, fix: `write it as "--${flag.replace(/^-*/, '')}"` });
    } else if (/\s--/.test(flag)) {
      problems.push({ where, what: `"${flag}" holds several flags`, fix: 'give each flag as a string of its own: ["--one", "--two"]' });
    } else if (owned) {
      problems.push({ where, what: `"${flag}" is perfgate's own: ${owned.why}`, fix: `remove it` });
    }
  });
  return [...flags];
}

/** Header names are case-insensitive: a page's header replaces a top-level one of any case. */
function mergeHeaders(top: Record<string, string>, page: Record<string, string>): Record<string, string> {
  const names = new Set(Object.keys(page).map((name) => name.toLowerCase()));
  return { ...Object.fromEntries(Object.entries(top).filter(([name]) => !names.has(name.toLowerCase()))), ...page };
}

/** A page's cookie replaces a top-level one of the same name. */
function mergeCookies(top: CookieSpec[], page: CookieSpec[]): CookieSpec[] {
  const names = new Set(page.map((c) => c.name));
  return [...top.filter((c) => !names.has(c.name)), ...page];
}

function parseSite(raw: PagesFile, file: string, problems: ConfigProblem[]): Site {
  if (raw.singlePageApplication !== undefined && raw.staticDir === undefined)
    problems.push({
      where: 'singlePageApplication',
      what: 'is only used with "staticDir" (perfgate serves that folder)',
      fix: 'remove it: a site served by "command" or at "baseUrl" answers its paths itself',
    });
  const given = (['baseUrl', 'staticDir', 'command'] as const).filter((key) => raw[key] !== undefined);
  if (given.length > 1) {
    problems.push({
      where: '(root)',
      what: `has ${given.map((k) => `"${k}"`).join(' and ')}`,
      fix: 'keep one way to reach the site: "baseUrl", "staticDir", or "command" with "url"',
    });
    return { kind: 'none' };
  }
  if (raw.url !== undefined && raw.command === undefined) {
    problems.push({ where: 'url', what: '"url" is only used with "command"', fix: 'for a site that is already running, write "baseUrl" instead' });
  }
  if (raw.baseUrl !== undefined) {
    checkHttp(raw.baseUrl, 'baseUrl', problems);
    return { kind: 'baseUrl', baseUrl: raw.baseUrl };
  }
  if (raw.staticDir !== undefined)
    return {
      kind: 'static',
      dir: path.resolve(path.dirname(file), raw.staticDir),
      ...(raw.singlePageApplication ? { singlePageApplication: true } : {}),
    };
  if (raw.command !== undefined) {
    if (raw.url === undefined) {
      problems.push({
        where: 'command',
        what: 'needs "url", the address to wait for',
        fix: 'add "url": "http://localhost:3000" (the address your command serves)',
      });
      return { kind: 'none' };
    }
    checkHttp(raw.url, 'url', problems);
    return { kind: 'command', command: raw.command, url: raw.url, cwd: path.dirname(file) };
  }
  return { kind: 'none' };
}

function checkHttp(url: string, where: string, problems: ConfigProblem[]): void {
  if (!/^https?:\/\/[^/]/i.test(url)) {
    problems.push({ where, what: `"${url}" is not an http(s) URL`, fix: 'Lighthouse measures http:// and https:// pages; write e.g. "http://localhost:3000"' });
  }
}
