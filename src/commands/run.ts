import path from 'node:path';
import { assertBundles, measureBundles } from '../bundles.js';
import { loadBudgetsIfPresent } from '../config/load-budgets.js';
import { loadPages } from '../config/load-pages.js';
import { loadResults } from '../config/load-results.js';
import type { PagesConfig } from '../config/model.js';
import type { Io } from '../io.js';
import { findChrome } from '../lab/find-chrome.js';
import { lighthouseConfig } from '../lab/lighthouse-config.js';
import { createProgress } from '../lab/progress.js';
import { runLab, type PlannedFlow, type PlannedPage } from '../lab/runner.js';
import { labSettings, type LabSettings } from '../lab/settings.js';
import { startSite } from '../lab/site.js';
import { environmentOf } from '../results.js';
import type { FormFactor } from '../types.js';
import { judgeRun } from '../judge-run.js';
import { scrubSecrets } from '../scrub-secrets.js';
import { finish, madeNow } from './finish.js';

export interface RunFlags {
  pages: string;
  budgets: string;
  out: string;
  runs?: number;
  preset?: FormFactor;
  freshBrowser?: boolean;
  base?: string;
  /** Measure only every n-th page: shard i of n (1-based), for CI matrices. */
  shard?: { index: number; count: number };
}

/** Resolves each page's URL against the running site and applies command-line overrides. */
export function planPages(config: PagesConfig, baseUrl: string | null, flags: Pick<RunFlags, 'runs' | 'preset' | 'shard'>) {
  const shard = flags.shard ?? { index: 1, count: 1 };
  return config.pages
    .filter((_, i) => i % shard.count === shard.index - 1)
    .map((page) => ({
      name: page.name,
      url: page.url ?? new URL(page.path as string, `${(baseUrl as string).replace(/\/$/, '')}/`).href,
      runs: flags.runs ?? page.runs,
      formFactor: flags.preset ?? page.formFactor,
      headers: page.headers,
      cookies: page.cookies,
      allowRedirect: page.allowRedirect,
      setup: page.setup,
    }));
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** The user flows of pages.json with their configs and the command-line overrides. */
export function planFlows(config: PagesConfig, flags: Pick<RunFlags, 'runs' | 'preset'>, settings: LabSettings): PlannedFlow[] {
  return config.flows.map((flow) => ({
    name: flow.name,
    module: flow.module,
    runs: flags.runs ?? flow.runs,
    config: lighthouseConfig(flags.preset ?? flow.formFactor, settings, flow.headers),
    cookies: flow.cookies,
    setup: flow.setup,
  }));
}

/** `perfgate run`: measure every page of pages.json and assert budgets.json. */
export async function runCommand(flags: RunFlags, io: Io): Promise<number> {
  const pagesConfig = loadPages(path.resolve(io.cwd, flags.pages), io.env);
  const budgets = loadBudgetsIfPresent(io.cwd, flags.budgets);
  for (const warning of budgets?.warnings ?? []) io.stderr.write(`warning: ${budgets?.file}: ${warning}\n`);
  const rules = budgets?.budgets ?? [];
  const base = flags.base ? loadResults(path.resolve(io.cwd, flags.base)) : null;
  const chromePath = findChrome(io.env);
  // Bundles first: size-limit's running-time measurement must never share the CPU with Lighthouse.
  const measureBundlesHere = budgets && budgets.bundles.length > 0 && (flags.shard?.index ?? 1) === 1;
  const bundleVerdicts = budgets && measureBundlesHere ? assertBundles(budgets.bundles, await measureBundles(budgets.bundles, budgets.file)) : [];
  const labConfig = labSettings(pagesConfig, rules);
  const outDir = path.resolve(io.cwd, flags.out);

  const site = await startSite(pagesConfig.site, pagesConfig.file);
  try {
    const planned = planPages(pagesConfig, site.baseUrl, flags);
    const pages: PlannedPage[] = planned.map((p) => ({ ...p, config: lighthouseConfig(p.formFactor, labConfig, p.headers) }));
    // Flows run in the first shard only (as bundles): each is one sequence that cannot be split.
    const flows: PlannedFlow[] = (flags.shard?.index ?? 1) === 1 ? planFlows(pagesConfig, flags, labConfig) : [];
    const total = [...pages, ...flows].reduce((sum, p) => sum + p.runs, 0);
    const items = [...pages, ...flows];
    const counts = new Set(items.map((p) => p.runs));
    const what = [plural(pages.length, 'page'), ...(flows.length > 0 ? [plural(flows.length, 'user flow')] : [])].join(' and ');
    const plan = counts.size === 1 && items.length > 0 ? `${what} × ${plural(total / items.length, 'run')} = ${total}` : `${what}, ${total}`;
    io.stderr.write(`perfgate: ${plan} Lighthouse run${total === 1 ? '' : 's'}, one at a time\n`);
    const lab = await runLab({
      chromePath,
      pages,
      flows,
      outDir,
      progress: createProgress(io.stderr, total),
      runTimeoutMs: pagesConfig.timeoutMs * 2 + 60_000,
      freshBrowser: flags.freshBrowser,
      signal: io.signal,
      secrets: pagesConfig.secrets,
      baseUrl: site.baseUrl,
      env: io.env,
    });
    const results = judgeRun({
      pages: lab.pages,
      budgets: budgets && { rules, comparison: budgets.comparison },
      verdicts: bundleVerdicts,
      base,
      environment: environmentOf(lab.samples, lab.chromeVersion, flags.preset ?? pagesConfig.formFactor, process.version),
      runsPerPage: Math.max(...[...pages, ...flows].map((p) => p.runs)),
      ...madeNow(),
      commit: io.env.GITHUB_SHA ?? io.env.CI_COMMIT_SHA ?? null,
    });
    return await finish(scrubSecrets(results, lab.secrets), outDir, io);
  } finally {
    await site.stop();
  }
}
