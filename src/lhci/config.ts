import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lastMatch } from '../budgets/path-pattern.js';
import { loadBudgets } from '../config/load-budgets.js';
import { loadPages } from '../config/load-pages.js';
import type { BudgetRule, PagesConfig } from '../config/model.js';
import { UserError } from '../errors.js';
import { findChrome } from '../lab/find-chrome.js';
import { chromeFlags, labSettings, PRESETS } from '../lab/settings.js';
import { assertionId } from '../rules.js';
import type { AuditOption, CategoryId, Limits, MetricId, ResourceType } from '../types.js';

/** A Lighthouse CI assertion: level plus options, as lighthouserc's `assert.assertions` takes it. */
export type LhciAssertion = ['warn' | 'error', { maxNumericValue?: number; minScore?: number; maxLength?: number }];

/** One `assertMatrix` entry: the assertions of one level for one page's URL. */
export interface LhciMatrixEntry {
  matchingUrlPattern: string;
  aggregationMethod: 'median';
  assertions: Record<string, LhciAssertion>;
}

/** The `ci` section of a lighthouserc file, as perfgate generates it. */
export interface LhciConfig {
  ci: {
    collect: {
      url: string[];
      staticDistDir?: string;
      /** With staticDistDir: lhci answers unknown paths with index.html, as pages.json's singlePageApplication. */
      isSinglePageApplication?: boolean;
      startServerCommand?: string;
      numberOfRuns: number;
      chromePath?: string;
      settings: Record<string, unknown>;
      /** perfgate's login wrapper (puppeteer-script.cts), relative to where lhci runs, when pages have a setup. */
      puppeteerScript?: string;
      puppeteerLaunchOptions?: { args: string[] };
      /** What the wrapper reads: each URL's setup module, and the base URL. */
      perfgateSetups?: { pages: Array<{ url: string; setup: string | null }>; baseUrl: string | null };
    };
    assert: { assertMatrix: LhciMatrixEntry[] };
    upload: Record<string, string>;
  };
}

/** The login wrapper as built (dist/lhci/puppeteer-script.cjs), from src/lhci or dist/lhci alike. */
const PUPPETEER_SCRIPT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/lhci/puppeteer-script.cjs');

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** The URL pattern of one page: its exact path on any host (the port of LHCI's server is not known), or its exact URL. */
function urlPattern(page: { path: string | null; url: string | null }): string {
  if (page.path !== null) return `^https?://[^/]+${escapeRegExp(page.path)}$`;
  return `^${escapeRegExp(new URL(page.url as string).href)}$`;
}

/** The assertions of a budget rule at one level ("warn" or "error"), keyed as Lighthouse CI keys them. */
function assertionsAt(rule: BudgetRule, level: keyof Limits): Record<string, LhciAssertion> {
  const out: Record<string, LhciAssertion> = {};
  const add = (key: string, limit: number | null, option: 'maxNumericValue' | 'minScore') => {
    if (limit !== null) out[key] = [level, { [option]: limit }];
  };
  for (const [id, limits] of Object.entries(rule.timings) as Array<[MetricId, Limits]>) add(assertionId.timing(id), limits[level], 'maxNumericValue');
  for (const [id, limits] of Object.entries(rule.scores) as Array<[CategoryId, Limits]>) add(assertionId.score(id), limits[level], 'minScore');
  for (const [type, limits] of Object.entries(rule.resourceSizes) as Array<[ResourceType, Limits]>)
    add(assertionId.resourceSize(type), limits[level], 'maxNumericValue');
  for (const [type, limits] of Object.entries(rule.resourceCounts) as Array<[ResourceType, Limits]>)
    add(assertionId.resourceCount(type), limits[level], 'maxNumericValue');
  // One assertion per audit and level holds every option of that level: Lighthouse CI checks each.
  for (const [id, options] of Object.entries(rule.audits ?? {})) {
    const held = Object.fromEntries(
      (Object.entries(options) as Array<[AuditOption, Limits]>).flatMap(([option, limits]) => (limits[level] === null ? [] : [[option, limits[level]]])),
    );
    if (Object.keys(held).length > 0) out[id] = [level, held];
  }
  return out;
}

/** Upload target from the environment: an LHCI server, temporary public storage, or the filesystem (default). */
export function uploadTarget(env: NodeJS.ProcessEnv): Record<string, string> {
  if (env.LHCI_SERVER_BASE_URL) return { target: 'lhci', serverBaseUrl: env.LHCI_SERVER_BASE_URL, ...(env.LHCI_TOKEN ? { token: env.LHCI_TOKEN } : {}) };
  if (env.PERFGATE_LHCI_UPLOAD === 'temporary-public-storage') return { target: 'temporary-public-storage' };
  return { target: 'filesystem', outputDir: '.lighthouseci/reports' };
}

/**
 * Builds a Lighthouse CI config from validated pages and budgets. Lighthouse's rule "the last
 * matching budget wins" is resolved per page here, because LHCI applies every matching matrix
 * entry; each page gets one entry per level, so warn and error limits both hold.
 * Returns warnings for what LHCI expresses differently (never a silently weaker config).
 */
export function buildLhciConfig(
  pages: PagesConfig,
  rules: readonly BudgetRule[],
  env: NodeJS.ProcessEnv = {},
  chromePath?: string,
  /** Where lhci finds perfgate's login wrapper, from the folder it runs in; needed when a page has a setup. */
  puppeteerScript?: string,
): { config: LhciConfig; warnings: string[] } {
  const warnings: string[] = [];
  const formFactors = [...new Set(pages.pages.map((p) => p.formFactor))];
  if (formFactors.length > 1) {
    const example = formFactors.map((f) => `"${pages.pages.find((p) => p.formFactor === f)?.name}" (${f})`).join(' and ');
    throw new UserError(
      `${pages.file}: Lighthouse CI runs every URL with one preset, but pages ${example} differ. Give all pages the same "formFactor", or keep one pages file per form factor.`,
    );
  }
  const logins = [...new Set(pages.pages.map((p) => JSON.stringify([p.headers, p.cookies])))];
  if (logins.length > 1) {
    throw new UserError(
      `${pages.file}: Lighthouse CI sends one set of extra headers to every URL, but the pages' "headers" or "cookies" differ. Give every page the same ones (at the top level), or keep one pages file per login.`,
    );
  }
  if (pages.flows.length > 0 || rules.some((r) => r.flow)) {
    warnings.push('Lighthouse CI has no user flows: the flows of pages.json and their budgets are measured and checked by perfgate run only.');
  }
  const runs = [...new Set(pages.pages.map((p) => p.runs))];
  if (runs.length > 1) warnings.push(`pages have different "runs" (${runs.join(', ')}); Lighthouse CI runs every URL ${Math.max(...runs)} times.`);

  const site = pages.site;
  const baseUrl = site.kind === 'baseUrl' ? site.baseUrl : site.kind === 'command' ? site.url : null;
  const url = pages.pages.map((page) => {
    if (page.url !== null) return page.url;
    return site.kind === 'static' ? (page.path as string) : new URL(page.path as string, `${(baseUrl as string).replace(/\/$/, '')}/`).href;
  });

  const assertMatrix: LhciMatrixEntry[] = [];
  for (const page of pages.pages) {
    const rule = lastMatch(
      rules.filter((r) => !r.flow),
      page.path ?? page.url ?? '/',
    );
    if (!rule) continue;
    for (const level of ['warn', 'error'] as const) {
      const assertions = assertionsAt(rule, level);
      if (Object.keys(assertions).length > 0) assertMatrix.push({ matchingUrlPattern: urlPattern(page), aggregationMethod: 'median', assertions });
    }
  }

  const formFactor = formFactors[0] ?? pages.formFactor;
  const preset = PRESETS[formFactor];
  const settings: Record<string, unknown> = { ...labSettings(pages, rules), chromeFlags: asOneString(chromeFlags(pages.chromeFlags)) };
  if (preset) settings.preset = preset;
  const extraHeaders = lhciHeaders(pages.pages[0]);
  if (extraHeaders) settings.extraHeaders = extraHeaders;
  const collect: LhciConfig['ci']['collect'] = { url, numberOfRuns: Math.max(...runs), settings };
  if (site.kind === 'static') collect.staticDistDir = site.dir;
  if (site.kind === 'static' && site.singlePageApplication) collect.isSinglePageApplication = true;
  if (site.kind === 'command') collect.startServerCommand = site.command;
  if (chromePath) collect.chromePath = chromePath;
  if (pages.pages.some((p) => p.setup !== null)) {
    if (!puppeteerScript) throw new Error('buildLhciConfig: pages have a setup, but no puppeteerScript path was given');
    // Lighthouse CI runs the wrapper before each URL in a browser it launches itself (with these flags, not settings.chromeFlags).
    collect.puppeteerScript = puppeteerScript;
    collect.puppeteerLaunchOptions = { args: chromeFlags(pages.chromeFlags) };
    delete settings.chromeFlags;
    collect.perfgateSetups = { pages: pages.pages.map((p, i) => ({ url: url[i] as string, setup: p.setup })), baseUrl };
  }
  return { config: { ci: { collect, assert: { assertMatrix }, upload: uploadTarget(env) } }, warnings };
}

/**
 * Chrome flags as the Lighthouse CLI reads settings.chromeFlags: one string it splits at spaces (with
 * yargs-parser), so a value holding a space is quoted (`--host-resolver-rules="MAP a 127.0.0.1"`).
 */
export function asOneString(flags: readonly string[]): string {
  return flags.map((flag) => (/\s/.test(flag) ? flag.replace(/=(.*)$/s, (_, value: string) => `="${value.replace(/"/g, '\\"')}"`) : flag)).join(' ');
}

/**
 * A page's headers and cookies as Lighthouse CI's extraHeaders (cookies as one Cookie header, which
 * Lighthouse then sends to every host the page loads from), or null when it has none.
 */
function lhciHeaders(page: PagesConfig['pages'][number] | undefined): Record<string, string> | null {
  if (!page) return null;
  const headers: Record<string, string> = { ...page.headers };
  if (page.cookies.length > 0) headers.Cookie = page.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  return Object.keys(headers).length > 0 ? headers : null;
}

export interface LhciConfigOptions {
  /** pages.json (default: `pages.json` in `cwd`). */
  pages?: string;
  /** budgets.json (default: `budgets.json` in `cwd`). */
  budgets?: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Chrome to use; default: CHROME_PATH, else whatever Lighthouse CI finds. */
  chromePath?: string;
}

/**
 * The whole Lighthouse CI config from pages.json and budgets.json, for a lighthouserc.js:
 * `module.exports = require('perfgate/lhci').lhciConfig()` (CommonJS) or
 * `export const { ci } = lhciConfig()` (ESM). Warnings go to stderr.
 */
export function lhciConfig(options: LhciConfigOptions = {}): LhciConfig {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const pages = loadPages(path.resolve(cwd, options.pages ?? 'pages.json'), env);
  const budgets = loadBudgets(path.resolve(cwd, options.budgets ?? 'budgets.json'));
  const login = pages.pages.some((p) => p.setup !== null);
  // With a login, Lighthouse CI launches Chrome through puppeteer-core, which needs to be told where Chrome is.
  const chromePath = options.chromePath ?? env.CHROME_PATH ?? (login ? findChrome(env) : undefined);
  const script = login ? path.relative(cwd, PUPPETEER_SCRIPT) || PUPPETEER_SCRIPT : undefined;
  const { config, warnings } = buildLhciConfig(pages, budgets.budgets, env, chromePath, script);
  for (const warning of [...budgets.warnings, ...warnings]) process.stderr.write(`perfgate (lighthouserc): ${warning}\n`);
  return config;
}
