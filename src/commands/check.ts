import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { auditIdsOf } from '../budgets/assert.js';
import { budgetWhere, unusedBudgets } from '../budgets/unused-budgets.js';
import { bundleFiles } from '../bundles.js';
import { loadBundlerPlugin } from '../size-limit-bundler.js';
import { bundleWhere } from '../config/bundle-where.js';
import { loadBudgetsWithBundles } from '../config/load-budgets.js';
import { loadResults } from '../config/load-results.js';
import { chosenPages } from '../config/chosen-pages.js';
import type { PagesConfig, Site } from '../config/model.js';
import { UserError } from '../errors.js';
import type { Io } from '../io.js';
import { checkAuditIds } from '../lab/check-audit-ids.js';
import { findChrome } from '../lab/find-chrome.js';
import { loadFlow } from '../lab/flow-module.js';
import { loadLighthouse } from '../lab/lighthouse.js';
import { loadSetup } from '../lab/login-setup.js';
import { labSettings } from '../lab/settings.js';
import { plural } from '../plural.js';
import { shortPath } from '../short-path.js';
import { checkSite, type Severity } from './check-site.js';
import { baseSiteOf, identicalSites, servedLike } from './run.js';
import { storedBaseLines } from './stored-base-lines.js';

export interface CheckFlags {
  pages: string;
  budgets: string;
  /** Only these pages and user flows of pages.json, by name. */
  page?: string[];
  /** These URLs (or paths on pages.json's site) instead of pages.json's pages. */
  url?: string[];
  /** Stored results of the base from an earlier job, as perfgate run --base takes them. */
  base?: string;
  /** The base, side by side, as perfgate run takes it: its build's folder, its URL, or a command and its URL. */
  baseDir?: string;
  baseUrl?: string;
  baseCommand?: string;
  /** Accept a Lighthouse outside the tested versions, as `perfgate run --lighthouse-unchecked` does. */
  lighthouseUnchecked?: boolean;
}

/** The site of pages.json in a few words. */
function siteOf(site: Site, cwd: string): string {
  switch (site.kind) {
    case 'static':
      return `the folder ${shortPath(site.dir, cwd)}`;
    case 'command':
      return `\`${site.command}\` at ${site.url}`;
    case 'baseUrl':
      return site.baseUrl;
    case 'none':
      return 'full URLs';
  }
}

/** Chrome's own version line, or null when it does not say within 10 s. */
function chromeVersion(chrome: string): string | null {
  try {
    return execFileSync(chrome, ['--version'], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim() || null;
  } catch {
    return null;
  }
}

/**
 * `perfgate check`, as `lhci healthcheck`: everything `perfgate run` needs before it measures (the
 * two config files and the settings they make, Chrome, Lighthouse and the audit ids, the login and
 * flow modules, the site and each page's answer), one line each, without measuring anything.
 * Exit 0 when all is in place, 2 for a configuration or installation problem, 3 when a page
 * answers an error status, nothing, or a redirect it does not allow.
 */
export async function checkCommand(flags: CheckFlags, io: Io): Promise<number> {
  let worst: Severity | 0 = 0;
  let failures = 0;
  const ok = (what: string) => io.stdout.write(`✔ ${what}\n`);
  const warn = (what: string) => io.stdout.write(`! ${what}\n`);
  const failed = (what: string, severity: Severity = 2) => {
    io.stdout.write(`✖ ${what.replace(/\n/g, '\n  ')}\n`);
    worst = Math.max(worst, severity) as Severity;
    failures++;
  };
  /** Runs one check; a UserError is its failure, anything else a bug. */
  const step = async <T>(work: () => T | Promise<T>): Promise<T | null> => {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      failed(error.message);
      return null;
    }
  };

  // No pages.json at all (not one named, no --url): a library's bundles may be all there is to measure.
  const noPages = flags.pages === 'pages.json' && !flags.url?.length && !flags.page?.length && !existsSync(path.resolve(io.cwd, flags.pages));
  const pages = noPages ? null : await step(() => chosenPages(flags, io.cwd, io.env));
  if (pages) {
    const flows = pages.flows.length > 0 ? ` and ${plural(pages.flows.length, 'user flow')}` : '';
    const source = flags.url?.length
      ? `--url${existsSync(pages.file) ? ` with ${shortPath(pages.file, io.cwd)}'s settings` : ''}`
      : shortPath(pages.file, io.cwd);
    ok(`${source}: ${plural(pages.pages.length, 'page')}${flows} on ${siteOf(pages.site, io.cwd)}`);
  }
  const before = failures;
  const budgets = await step(() => loadBudgetsWithBundles(io.cwd, flags.budgets));
  if (budgets) {
    const bundles = budgets.bundles.length > 0 ? `, ${plural(budgets.bundles.length, 'bundle budget')}` : '';
    ok(`${shortPath(budgets.file, io.cwd)}: ${plural(budgets.budgets.length, 'budget')}${bundles}`);
    for (const warning of budgets.warnings) warn(warning);
    if (pages && !flags.page?.length && !flags.url?.length)
      for (const unused of unusedBudgets(budgets.budgets, pages.pages, pages.flows, budgetWhere(budgets))) warn(unused);
    // The bundles perfgate run measures (without --page or --url): each glob matches files that can be read.
    if (!flags.page?.length && !flags.url?.length)
      for (const [index, bundle] of budgets.bundles.entries()) {
        const files = await step(() => bundleFiles(bundle, index, budgets.bundlesFile));
        // A library's check is bundled with size-limit's esbuild or webpack plugin, which must be installed.
        const { bundler } = bundle;
        const plugin = bundler ? await step(() => loadBundlerPlugin(bundler.bundler, bundle.baseDir, bundleWhere(budgets.bundlesFile, bundle, index))) : true;
        const what = bundler?.entry ? `${bundler.entry.join(', ')} of ${bundler.config}` : plural(files?.length ?? 0, 'file');
        if (files && plugin) ok(`bundle ${bundle.name}: ${what}${bundler ? `, bundled with ${bundler.bundler}` : ''}`);
      }
  } else if (failures === before && !noPages) ok(`no ${flags.budgets}: pages are measured without budgets`);
  const bundlesOnly = noPages && (budgets?.bundles.length ?? 0) > 0;
  if (bundlesOnly) ok('no pages.json: the bundles alone, as perfgate size measures them (and the action, which runs it where there is no pages.json)');
  else if (noPages) await step(() => chosenPages(flags, io.cwd, io.env));
  const rules = budgets?.budgets ?? [];
  const settings = pages && (await step(() => labSettings(pages, rules)));

  // Bundles alone need Chrome only for a time limit (size-limit runs the script in it), and no Lighthouse.
  const needsChrome = !bundlesOnly || (budgets?.bundles.some((b) => b.time !== null) ?? false);
  const chrome = needsChrome ? await step(() => findChrome(io.env)) : null;
  const version = chrome && chromeVersion(chrome);
  if (chrome) ok(`Chrome: ${chrome}${version ? ` (${version})` : ''}`);
  const lighthouse = bundlesOnly
    ? null
    : await step(() => loadLighthouse({ unchecked: flags.lighthouseUnchecked, dir: io.env.PERFGATE_LIGHTHOUSE || undefined }));
  if (lighthouse) {
    ok(`Lighthouse ${lighthouse.version}: ${shortPath(lighthouse.dir, io.cwd)}`);
    if (lighthouse.unchecked) warn(lighthouse.unchecked);
  }
  if (lighthouse && pages && settings) {
    const budgeted = auditIdsOf(rules);
    const checked = await step(() =>
      checkAuditIds(lighthouse, { ids: budgeted, file: budgets?.file ?? 'budgets' }, { ids: pages.skipAudits, file: pages.file }),
    );
    if (checked !== null && budgeted.length + pages.skipAudits.length > 0)
      ok(`audit ids: ${[...budgeted, ...pages.skipAudits].length} named, each one of Lighthouse ${lighthouse.version}'s`);
  }
  if (pages) await checkModules(pages, io.cwd, step, ok);
  const given = await step(() => baseSiteOf(flags, io.cwd));
  // Stored results of the base (another machine's run): they load, and what a run could not compare with them.
  const storedFile = flags.base && path.resolve(io.cwd, flags.base);
  const stored = storedFile && (await step(() => loadResults(storedFile)));
  if (storedFile && stored)
    for (const line of storedBaseLines(stored, shortPath(storedFile, io.cwd), pages?.pages ?? [], pages?.flows ?? [], lighthouse?.version ?? null)) {
      if (line.kind === 'ok') ok(line.text);
      else warn(line.text);
    }
  const baseSpec = pages ? servedLike(given, pages.site) : given;
  const identical = pages && baseSpec ? identicalSites(baseSpec, pages.site, io) : null;
  if (identical && baseSpec?.kind === 'static')
    ok(
      `base: the folder ${shortPath(baseSpec.dir, io.cwd)} holds the same bytes as this build (${plural(identical.files, 'file')}): perfgate run measures this build alone`,
    );
  if (pages) await checkSite(pages, { chrome, settings, base: identical ? null : baseSpec, env: io.env, cwd: io.cwd }, { ok, warn, failed });

  const command = bundlesOnly ? 'perfgate size' : 'perfgate run';
  io.stdout.write(
    worst === 0
      ? `perfgate check: everything ${command} needs is in place (nothing was measured)\n`
      : `perfgate check: ${worst === 2 ? 'fix the problems above' : 'a page cannot be measured'} before ${command} (nothing was measured)\n`,
  );
  return worst;
}

/** Every login setup and flow module loads and exports a function, as perfgate run loads them before measuring. */
async function checkModules(
  pages: PagesConfig,
  cwd: string,
  step: <T>(work: () => Promise<T>) => Promise<T | null>,
  ok: (what: string) => void,
): Promise<void> {
  const setups = [...new Set([...pages.pages, ...pages.flows].map((p) => p.setup).filter((f): f is string => Boolean(f)))];
  for (const file of setups) if ((await step(() => loadSetup(file))) !== null) ok(`login setup ${shortPath(file, cwd)}: exports a function`);
  for (const flow of pages.flows)
    if ((await step(() => loadFlow(flow.module))) !== null) ok(`flow ${flow.name}: ${shortPath(flow.module, cwd)} exports a function`);
}
