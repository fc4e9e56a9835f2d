import path from 'node:path';
import { assertBundles, measureBundles } from '../bundles.js';
import { measureBaseBundles } from './base-bundles.js';
import { bundlesOnBase } from '../budgets/bundles-on-base.js';
import { budgetWhere, unusedBudgets } from '../budgets/unused-budgets.js';
import { loadBudgetsWithBundles } from '../config/load-budgets.js';
import { chosenPages } from '../config/chosen-pages.js';
import { loadResults } from '../config/load-results.js';
import type { Io } from '../io.js';
import { reviewId } from './review-id.js';
import { findChrome } from '../lab/find-chrome.js';
import { lighthouseConfig } from '../lab/lighthouse-config.js';
import { createProgress } from '../lab/progress.js';
import { runLab, type PlannedFlow, type PlannedPage } from '../lab/runner.js';
import { labSettings, type LabSettings } from '../lab/settings.js';
import { startSite, type RunningSite } from '../lab/site.js';
import { environmentOf, summarizePage } from '../results.js';
import { comparedMetrics } from '../compare/compared-metrics.js';
import { openVerdicts } from '../compare/open-verdicts.js';
import { familySize } from '../compare/side-by-side.js';
import { DEFAULT_COMPARISON, type PagesConfig, type Site } from '../config/model.js';
import { UserError } from '../errors.js';
import type { BuildDigest, FormFactor } from '../types.js';
import { identicalBuilds } from '../lab/build-digest.js';
import { pagesNotInBase } from '../lab/pages-not-in-base.js';
import { runsServedAlike } from '../lab/served-alike.js';
import { askedAlike } from '../lab/asked-alike.js';
import { judgeRun } from '../judge-run.js';
import { plural } from '../plural.js';
import { scrubSecrets } from '../scrub-secrets.js';
import { finish, madeNow } from './finish.js';
import { folderFlag } from './folder-flag.js';

export interface RunFlags {
  pages: string;
  budgets: string;
  out: string;
  /** Only these pages and user flows of pages.json, by name (bundles are then not measured). */
  page?: string[];
  /** These URLs (or paths on pages.json's site) instead of pages.json's pages, as lhci collect --url (bundles are then not measured). */
  url?: string[];
  runs?: number;
  preset?: FormFactor;
  freshBrowser?: boolean;
  /** Keep each page's (and each flow step's) representative run's trace in reports/ (and the base's, side by side). */
  saveTraces?: boolean;
  /** Measure with a Lighthouse outside the tested versions instead of refusing. */
  lighthouseUnchecked?: boolean;
  base?: string;
  /** Side by side: the base build's folder, served like staticDir. */
  baseDir?: string;
  /** Side by side even when the base's build folder holds the same bytes as this one (an A/A test of the runner's noise). */
  compareIdentical?: boolean;
  /** Side by side: the base deployment's URL (with `baseCommand`: the URL to wait for). */
  baseUrl?: string;
  /** Side by side: a command that starts the base build (with `baseUrl`). */
  baseCommand?: string;
  /** Most runs per page (per side) while a verdict is open; overrides pages.json's sampling.maxRuns. */
  maxRuns?: number;
  /** Also write the budgets as JUnit XML here. */
  junit?: string;
  /** The package (monorepos): its own section of the job summary; default from the config folder. */
  id?: string;
  /** Measure only every n-th page: shard i of n (1-based), for CI matrices. */
  shard?: { index: number; count: number };
}

/**
 * A page's or flow's runs with the command-line overrides: --runs fixes the count (with --max-runs:
 * the runs before the first look); --max-runs alone raises the most.
 */
const runsOf = (flags: Pick<RunFlags, 'runs' | 'maxRuns'>, item: { runs: number; maxRuns: number }) => ({
  runs: flags.runs ?? item.runs,
  maxRuns: Math.max(flags.runs ?? item.runs, flags.maxRuns ?? (flags.runs ? flags.runs : item.maxRuns)),
});

/** Resolves each page's URL against the running site and applies command-line overrides. */
export function planPages(config: PagesConfig, baseUrl: string | null, flags: Pick<RunFlags, 'runs' | 'maxRuns' | 'preset' | 'shard'>) {
  const shard = flags.shard ?? { index: 1, count: 1 };
  return config.pages
    .filter((_, i) => i % shard.count === shard.index - 1)
    .map((page) => ({
      name: page.name,
      url: page.url ?? new URL(page.path as string, `${(baseUrl as string).replace(/\/$/, '')}/`).href,
      path: page.path,
      ...runsOf(flags, page),
      maxMs: page.maxMs,
      formFactor: flags.preset ?? page.formFactor,
      headers: page.headers,
      cookies: page.cookies,
      allowRedirect: page.allowRedirect,
      setup: page.setup,
    }));
}

/** The user flows of pages.json with their configs and the command-line overrides. */
export function planFlows(config: PagesConfig, flags: Pick<RunFlags, 'runs' | 'maxRuns' | 'preset'>, settings: LabSettings): PlannedFlow[] {
  return config.flows.map((flow) => ({
    name: flow.name,
    module: flow.module,
    ...runsOf(flags, flow),
    maxMs: flow.maxMs,
    config: lighthouseConfig(flags.preset ?? flow.formFactor, settings, flow.headers),
    cookies: flow.cookies,
    setup: flow.setup,
  }));
}

/** Where the base build comes from for side-by-side runs, from the flags; null without one. Throws a UserError (exit 2) on flags that do not fit together. */
export function baseSiteOf(flags: Pick<RunFlags, 'base' | 'baseDir' | 'baseUrl' | 'baseCommand' | 'runs' | 'maxRuns'>, cwd: string): Site | null {
  if (flags.runs !== undefined && flags.maxRuns !== undefined && flags.maxRuns < flags.runs) {
    throw new UserError(
      `--max-runs ${flags.maxRuns} is fewer than --runs ${flags.runs}. Give --max-runs at least ${flags.runs}, or leave it out for exactly ${flags.runs} runs.`,
    );
  }
  const sideBySide = flags.baseDir !== undefined || flags.baseUrl !== undefined || flags.baseCommand !== undefined;
  if (sideBySide && flags.base) {
    throw new UserError('--base (stored results) and --base-dir / --base-url / --base-command (side by side) are two ways to get a base: give one.');
  }
  if (flags.baseCommand !== undefined && flags.baseUrl === undefined) {
    throw new UserError('--base-command needs --base-url: the URL the started base answers at (as "command" needs "url" in pages.json).');
  }
  if (flags.baseDir !== undefined && flags.baseUrl !== undefined) {
    throw new UserError('--base-dir serves a built folder, --base-url points at a running base: give one (or --base-command with --base-url).');
  }
  if (flags.baseDir !== undefined) {
    const dir = folderFlag('--base-dir', flags.baseDir, cwd, "Build the base commit into it first (see the README's side-by-side workflow).");
    return { kind: 'static', dir };
  }
  if (flags.baseCommand !== undefined) return { kind: 'command', command: flags.baseCommand, url: flags.baseUrl as string, cwd };
  if (flags.baseUrl !== undefined) return { kind: 'baseUrl', baseUrl: flags.baseUrl };
  return null;
}

/** The base's folder served as the pull request's is: a single-page app's routes get its index.html on both sides. */
export const servedLike = (base: Site | null, head: Site): Site | null =>
  base?.kind === 'static' && head.kind === 'static' && head.singlePageApplication ? { ...base, singlePageApplication: true } : base;

/** The digest of the two builds when both are folders holding the same bytes at the same paths, else null. */
export function identicalSites(base: Site | null, head: Site, io: Io): BuildDigest | null {
  if (base?.kind !== 'static' || head.kind !== 'static') return null;
  return identicalBuilds(base.dir, head.dir, (line) => io.stderr.write(line));
}

/** The same page on the base build: its path on the base site; a full URL on the head's site moves over too; any other URL has no base. */
export function baseUrlOf(page: { url: string; path: string | null }, headSite: string | null, baseSite: string): string | null {
  const root = (url: string) => `${url.replace(/\/$/, '')}/`;
  if (page.path !== null) return new URL(page.path, root(baseSite)).href;
  if (headSite && page.url.startsWith(root(headSite))) return root(baseSite) + page.url.slice(root(headSite).length);
  return null;
}

/** `perfgate run`: measure every page of pages.json and assert budgets.json. */
export async function runCommand(flags: RunFlags, io: Io): Promise<number> {
  const id = reviewId(flags.id, flags.pages, io.cwd, io.env);
  let baseSiteSpec = baseSiteOf(flags, io.cwd);
  const pagesConfig = chosenPages(flags, io.cwd, io.env);
  baseSiteSpec = servedLike(baseSiteSpec, pagesConfig.site);
  // A base build with the same bytes as this one cannot differ from it: measured once, not side by side.
  const identicalBase = flags.compareIdentical ? null : identicalSites(baseSiteSpec, pagesConfig.site, io);
  if (identicalBase) {
    io.stderr.write(
      `perfgate: the base's build (--base-dir) is byte-identical to this one (${identicalBase.files} files): nothing can have changed, so only this build is measured (--compare-identical measures both)\n`,
    );
    baseSiteSpec = null;
  }
  const budgets = await loadBudgetsWithBundles(io.cwd, flags.budgets);
  for (const warning of budgets?.warnings ?? []) io.stderr.write(`warning: ${warning}\n`);
  // Measuring every page (a shard judges all of them too), a budget that applies to none is named.
  if (budgets && !flags.page?.length && !flags.url?.length)
    for (const unused of unusedBudgets(budgets.budgets, pagesConfig.pages, pagesConfig.flows, budgetWhere(budgets)))
      io.stderr.write(`warning: ${budgets.file}: ${unused}\n`);
  const rules = budgets?.budgets ?? [];
  const settings = budgets?.comparison ?? DEFAULT_COMPARISON;
  const base = flags.base ? loadResults(path.resolve(io.cwd, flags.base)) : null;
  const chromePath = findChrome(io.env);
  // Bundles first: size-limit's running-time measurement must never share the CPU with Lighthouse.
  // --page and --url measure only the pages they name: bundles are measured by a run of them all (or perfgate size).
  const measureBundlesHere = budgets && budgets.bundles.length > 0 && (flags.shard?.index ?? 1) === 1 && !flags.page?.length && !flags.url?.length;
  const bundleVerdicts = budgets && measureBundlesHere ? assertBundles(budgets.bundles, await measureBundles(budgets.bundles, budgets.bundlesFile)) : [];
  // Side by side, the same bundles in the base's build, for their change against it (as size-limit's action shows).
  const baseBundleVerdicts =
    budgets && measureBundlesHere && baseSiteSpec?.kind === 'static' && pagesConfig.site.kind === 'static'
      ? await measureBaseBundles(bundlesOnBase(budgets.bundles, pagesConfig.site.dir, baseSiteSpec.dir), budgets.bundlesFile, io)
      : [];
  const labConfig = labSettings(pagesConfig, rules);
  const outDir = path.resolve(io.cwd, flags.out);

  const site = await startSite(pagesConfig.site, pagesConfig.file);
  let baseSite: RunningSite | null = null;
  try {
    baseSite = baseSiteSpec ? await startSite(baseSiteSpec, '--base-dir', '--base-url') : null;
    /** A planned page's URL on the base build, side by side (null without a base, or off the site). */
    const baseOf = (p: { url: string; path: string | null }) => (baseSite?.baseUrl ? baseUrlOf(p, site.baseUrl, baseSite.baseUrl) : null);
    const planned = planPages(pagesConfig, site.baseUrl, flags);
    const withBases = planned.map((p) => ({ ...p, config: lighthouseConfig(p.formFactor, labConfig, p.headers), baseUrl: baseOf(p) }));
    for (const page of withBases.filter((p) => baseSite && !p.baseUrl)) {
      io.stderr.write(`perfgate: ${page.name} has a URL off the site (${page.url}); it is measured without a base\n`);
    }
    // A page the pull request adds is not in the base's build: measured alone, not failed for its base.
    const everyPage = flags.shard ? planPages(pagesConfig, site.baseUrl, { ...flags, shard: undefined }).map((p) => ({ ...p, baseUrl: baseOf(p) })) : withBases;
    const { notInBase, baseLacksAll } = await pagesNotInBase(withBases, everyPage);
    for (const [name, { baseUrl, status }] of notInBase) {
      io.stderr.write(`perfgate: ${name} is new in this pull request (the base's build answers ${status} at ${baseUrl}); it is measured without a base\n`);
    }
    if (baseLacksAll) {
      const where =
        baseSiteSpec?.kind === 'static'
          ? `the base's build (--base-dir ${baseSiteSpec.dir}) has none of the pages: is it the base commit's built folder, the one staticDir names?`
          : `the base (${baseSite?.baseUrl}) has none of the pages: is --base-url the base's site?`;
      io.stderr.write(`perfgate: ${where} Each page's base is reported as an error\n`);
    }
    const pages: PlannedPage[] = withBases.map((p) => (notInBase.has(p.name) ? { ...p, baseUrl: null } : p));
    // Flows run in the first shard only (as bundles): each is one sequence that cannot be split.
    const flows: PlannedFlow[] = (flags.shard?.index ?? 1) === 1 ? planFlows(pagesConfig, flags, labConfig) : [];
    io.stderr.write(`perfgate: ${planLine(pages, flows, baseSite !== null)}\n`);
    /** The comparisons side by side makes of these pages: each page with a base, its compared metrics. */
    const comparisonsOf = (some: ReadonlyArray<{ name: string; url: string; path: string | null }>) =>
      some.filter((p) => baseOf(p) && !notInBase.has(p.name)).reduce((sum, p) => sum + comparedMetrics({ url: p.url }, rules, settings).length, 0);
    // Sharded, perfgate merge judges every shard's comparisons as one family: each shard samples against
    // the whole pull request's, the pages of the other shards included (the flows' steps are known only
    // to shard 1, which runs them), so that a page decided in its shard stays decided in the merge.
    const family = comparisonsOf(flags.shard ? planPages(pagesConfig, site.baseUrl, { ...flags, shard: undefined }) : planned);
    const elsewhere = family - comparisonsOf(planned);
    const flowFamilies: number[] = [];
    // A page found to load the same files from both builds tests nothing: its comparisons leave the family.
    const sameFiles = new Set<string>();
    /** The comparisons of the pages (of every shard) and of the flows measured so far: the family a look is judged in. */
    const familySoFar = () => flowFamilies.reduce((sum, size) => sum + size, family - comparisonsOf(planned.filter((p) => sameFiles.has(p.name))));
    const bothFolders =
      baseSiteSpec?.kind === 'static' && pagesConfig.site.kind === 'static'
        ? { base: baseSiteSpec.dir, head: pagesConfig.site.dir, singlePageApplication: pagesConfig.site.singlePageApplication ?? false }
        : null;
    const lab = await runLab({
      chromePath,
      pages,
      flows,
      outDir,
      progress: createProgress(
        io.stderr,
        // Side by side every page with a base URL and every flow runs on both builds.
        [...pages, ...flows].reduce((sum, p) => sum + p.runs * (('baseUrl' in p ? p.baseUrl : baseSite) ? 2 : 1), 0),
      ),
      runTimeoutMs: pagesConfig.timeoutMs + RUN_MARGIN_MS,
      chromeFlags: pagesConfig.chromeFlags,
      freshBrowser: flags.freshBrowser,
      saveTraces: flags.saveTraces,
      lighthouseUnchecked: flags.lighthouseUnchecked,
      budgetsFile: budgets?.file,
      skipAudits: { ids: pagesConfig.skipAudits, file: pagesConfig.file },
      lighthouseDir: io.env.PERFGATE_LIGHTHOUSE || undefined,
      signal: io.signal,
      secrets: pagesConfig.secrets,
      baseUrl: site.baseUrl,
      baseSiteUrl: baseSite?.baseUrl ?? null,
      env: io.env,
      // Two folders: a page that loads only files both serve alike is measured on this build alone.
      servedAlike:
        bothFolders && !flags.compareIdentical
          ? (page, runs) => {
              const digest = runsServedAlike(runs, page.url, bothFolders.base, bothFolders.head, bothFolders.singlePageApplication);
              if (digest) sameFiles.add(page.name);
              else sameFiles.delete(page.name);
              return digest;
            }
          : undefined,
      // A flow drives its page however its module likes (page.goto between steps, workers): what it loaded is what this build's server was asked for.
      flowServedAlike:
        bothFolders && !flags.compareIdentical && site.askedPaths
          ? askedAlike(site.askedPaths, bothFolders.base, bothFolders.head, bothFolders.singlePageApplication)
          : undefined,
      needsMore: (index, runs) => {
        const page = pages[index] as PlannedPage;
        const head = summarizePage({ name: page.name, url: page.url, runs: page.runs, samples: [...runs.head], error: null });
        head.sampling = { minRuns: page.runs, maxRuns: page.maxRuns ?? page.runs, stopped: 'clear' };
        if (runs.base.length > 0)
          head.base = summarizePage({ name: page.name, url: page.baseUrl ?? page.url, runs: page.runs, samples: [...runs.base], error: null });
        // The flows have run by now: the page is sampled with every comparison of the pull request in its family.
        return openVerdicts(head, rules, settings, familySoFar());
      },
      // A flow's steps are known once it has run: its comparisons join those of the pages and of the
      // flows before it in the family it is sampled with (flows run one after another, before the pages).
      flowNeedsMore: (index, steps) => {
        flowFamilies[index] = familySize(steps, rules, settings);
        const withFlow = familySoFar();
        return steps.flatMap((step) => openVerdicts(step, rules, settings, withFlow).map((what) => `${step.flow?.step ?? step.name}: ${what}`));
      },
    });
    const results = judgeRun({
      pages: lab.pages.map((p) => (notInBase.has(p.name) ? { ...p, notInBase: notInBase.get(p.name) } : p)),
      budgets: budgets && { rules, comparison: budgets.comparison },
      verdicts: bundleVerdicts,
      base,
      environment: environmentOf(lab.samples, lab.chromeVersion, flags.preset ?? pagesConfig.formFactor, process.version),
      runsPerPage: Math.max(...[...lab.pages.map((p) => p.measuredRuns), ...flows.map((p) => p.runs)]),
      ...madeNow(),
      commit: io.env.GITHUB_SHA ?? io.env.CI_COMMIT_SHA ?? null,
      comparisonsElsewhere: elsewhere,
      ...(identicalBase ? { identicalBase } : {}),
      baseVerdicts: baseBundleVerdicts,
    });
    // A size-limit check whose limit is written in bytes says how far below it it is, as size-limit says it unasked.
    const highlightLess = measureBundlesHere ? budgets.bundles.filter((b) => b.highlightLess).map((b) => b.name) : [];
    return await finish(scrubSecrets(results, lab.secrets), outDir, io, { junit: flags.junit, id, highlightLess });
  } finally {
    await baseSite?.stop();
    await site.stop();
  }
}

/** How long a run may take beyond the page's timeoutMs (Lighthouse's audits after the load) before it is stopped as RUN_TIMEOUT. */
export const RUN_MARGIN_MS = 30_000;

/** The plan in one line, in the order things run: "1 user flow × 5 runs, then 3 pages × 5-15 runs per side, side by side with the base (alternating)". */
function planLine(pages: readonly PlannedPage[], flows: readonly PlannedFlow[], withBase: boolean): string {
  const counts = (items: ReadonlyArray<{ runs: number; maxRuns?: number }>) => {
    const kinds = new Set(items.map((p) => `${p.runs}${(p.maxRuns ?? p.runs) > p.runs ? `-${p.maxRuns}` : ''}`));
    const [only] = kinds;
    return kinds.size === 1 ? ` × ${only} run${only === '1' ? '' : 's'}` : '';
  };
  const sideBySide = pages.some((p) => p.baseUrl);
  // Flows run before the pages (their comparisons join each page's family), so they come first here too.
  const parts = [
    ...(flows.length > 0 ? [`${plural(flows.length, 'user flow')}${counts(flows)}${withBase ? ' per side' : ''}`] : []),
    ...(pages.length > 0 ? [`${plural(pages.length, 'page')}${counts(pages)}${sideBySide ? ' per side, side by side with the base (alternating)' : ''}`] : []),
  ];
  const sampled = [...pages, ...flows].some((p) => (p.maxRuns ?? p.runs) > p.runs);
  return `${parts.join(', then ') || 'nothing to measure'}; Lighthouse runs one at a time${sampled ? ', more runs only while a verdict is open' : ''}`;
}
