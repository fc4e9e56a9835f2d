import type { Config, FlowResult, Result, UserFlow } from 'lighthouse';
import type { initializeConfig as InitializeConfig } from 'lighthouse/core/config/config.js';
import type { finalizeArtifacts as FinalizeArtifacts } from 'lighthouse/core/gather/base-artifacts.js';
import type { Driver as DriverClass } from 'lighthouse/core/gather/driver.js';
import type * as NavigationRunner from 'lighthouse/core/gather/navigation-runner.js';
import type UrlUtilsType from 'lighthouse/core/lib/url-utils.js';
import type { Runner as RunnerClass } from 'lighthouse/core/runner.js';
import type { Page } from 'puppeteer-core';
import type { BlankPage } from './blank-page.js';
import { type FindLighthouseOptions, loadLighthousePackage } from './lighthouse-package.js';
import { steadyTimingLog } from './steady-timing-log.js';

/** A Lighthouse gather mode: a page load, a timespan of interactions, or a snapshot of the page as it is. */
type GatherMode = Parameters<typeof InitializeConfig>[0];

/** What perfgate touches of Lighthouse's resolved config (its `LH.Config.ResolvedConfig`). */
export interface ResolvedConfig {
  settings: { blockedUrlPatterns?: string[] | null };
  artifacts: Array<{ id: string; gatherer: { instance: object } }> | null;
  audits: Array<{ options: unknown; implementation: { meta: { id: string } } }> | null;
  categories: unknown;
  groups: unknown;
}

/** A Lighthouse config resolved once, for many runs. */
export interface PreparedConfig {
  resolved: ResolvedConfig;
}

const FLAGS = { logLevel: 'error', output: 'json' } as const;

/**
 * The resolved config for one run: Lighthouse's own resolution gives every run new gatherer
 * instances (they keep per-run state) and its own settings and categories; so does this copy.
 */
export function forOneRun(resolved: ResolvedConfig): ResolvedConfig {
  return {
    ...resolved,
    settings: structuredClone(resolved.settings),
    categories: structuredClone(resolved.categories),
    groups: structuredClone(resolved.groups),
    artifacts:
      resolved.artifacts?.map((artifact) => {
        const Gatherer = artifact.gatherer.instance.constructor as new () => object;
        return { ...artifact, gatherer: { ...artifact.gatherer, instance: new Gatherer() } };
      }) ?? null,
    audits: resolved.audits?.map((audit) => ({ ...audit, options: structuredClone(audit.options) })) ?? null,
  };
}

/** Lighthouse's modules the runner calls, typed as Lighthouse 12.6's (checked at load: `LIGHTHOUSE_INTERNALS`). */
interface Internals {
  startFlow: typeof import('lighthouse').startFlow;
  generateReport: typeof import('lighthouse').generateReport;
  initializeConfig: typeof InitializeConfig;
  finalizeArtifacts: typeof FinalizeArtifacts;
  Driver: typeof DriverClass;
  setup: typeof NavigationRunner._setup;
  navigation: typeof NavigationRunner._navigation;
  cleanup: typeof NavigationRunner._cleanup;
  UrlUtils: typeof UrlUtilsType;
  Runner: typeof RunnerClass;
}

/** The options Lighthouse's runner takes for one run's gathering and audits. */
type RunnerOptions = Parameters<typeof RunnerClass.gather>[1];
type GatheredArtifacts = Awaited<ReturnType<typeof RunnerClass.gather>>;

/** A loaded Lighthouse: its version and what the runner does with it. */
export interface Lighthouse {
  version: string;
  /** Where it was found (the `lighthouse` beside perfgate, or `PERFGATE_LIGHTHOUSE`). */
  dir: string;
  /** Set when `--lighthouse-unchecked` let an untested version (or too old a Node) through: say so once. */
  unchecked: string | null;
  prepareConfig(config: Config): Promise<PreparedConfig>;
  /** The ids of the audits Lighthouse's default config has in these modes (page loads: what audit budgets may name). */
  auditIds(modes?: readonly GatherMode[]): Promise<string[]>;
  /** One run; `keepTrace` receives the run's trace (Chrome's trace events, as Lighthouse's `--save-assets` writes them). */
  runLighthouse(
    target: BlankPage,
    url: string,
    prepared: PreparedConfig,
    onGathered?: () => Promise<void> | void,
    abandoned?: AbortSignal,
    keepTrace?: (trace: unknown) => void,
  ): Promise<Result>;
  /** One run of a user flow; `keepTraces` receives each step's trace, in step order (null for a snapshot, which records none). */
  runUserFlow(
    target: BlankPage,
    config: Config,
    name: string,
    drive: (flow: UserFlow) => Promise<void>,
    keepTraces?: (traces: unknown[]) => void,
  ): Promise<FlowResult>;
  /** The HTML report of a Lighthouse result. */
  htmlReport(lhr: Result): string;
  /** Lighthouse's flow report (every step in one HTML page). */
  flowHtmlReport(result: FlowResult): string;
}

/**
 * Loads the installed Lighthouse (checked against the tested versions, see `loadLighthousePackage`)
 * and gives the runner its operations over it.
 */
export async function loadLighthouse(options: FindLighthouseOptions = {}): Promise<Lighthouse> {
  const found = await loadLighthousePackage(options);
  // A computation that outlives its run must not end perfgate over a line of timing (GoogleChrome/lighthouse#15379).
  await steadyTimingLog(found.dir);
  const m = found.modules;
  const pick = <T>(file: string, name: string) => m[file]?.[name] as T;
  const lh: Internals = {
    startFlow: pick('core/index.js', 'startFlow'),
    generateReport: pick('core/index.js', 'generateReport'),
    initializeConfig: pick('core/config/config.js', 'initializeConfig'),
    finalizeArtifacts: pick('core/gather/base-artifacts.js', 'finalizeArtifacts'),
    Driver: pick('core/gather/driver.js', 'Driver'),
    setup: pick('core/gather/navigation-runner.js', '_setup'),
    navigation: pick('core/gather/navigation-runner.js', '_navigation'),
    cleanup: pick('core/gather/navigation-runner.js', '_cleanup'),
    UrlUtils: pick('core/lib/url-utils.js', 'default'),
    Runner: pick('core/runner.js', 'Runner'),
  };
  return {
    version: found.version,
    dir: found.dir,
    unchecked: found.unchecked,
    prepareConfig: (config) => prepareConfig(lh, config),
    auditIds: async (modes = ['navigation']) => {
      const ids = new Set<string>();
      for (const mode of modes) {
        const { resolvedConfig } = await lh.initializeConfig(mode, { extends: 'lighthouse:default' }, FLAGS);
        for (const audit of (resolvedConfig as ResolvedConfig).audits ?? []) ids.add(audit.implementation.meta.id);
      }
      return [...ids];
    },
    runLighthouse: (target, url, prepared, onGathered, abandoned, keepTrace) => runLighthouse(lh, target, url, prepared, onGathered, abandoned, keepTrace),
    runUserFlow: (target, config, name, drive, keepTraces) => runUserFlow(lh, target, config, name, drive, keepTraces),
    htmlReport: (lhr) => lh.generateReport(lhr, 'html'),
    flowHtmlReport: (result) => lh.generateReport(result, 'html'),
  };
}

/**
 * Resolves a config the way `lighthouse()` does at the start of every run. Resolution takes about
 * half a second (most of it formatting the metadata of 150 audits), so the runner does it once per
 * config rather than once per run.
 */
async function prepareConfig(lh: Internals, config: Config): Promise<PreparedConfig> {
  const { resolvedConfig } = await lh.initializeConfig('navigation', config, FLAGS);
  return { resolved: resolvedConfig as ResolvedConfig };
}

/**
 * Lighthouse's gathering (what `lighthouse(url, flags, config, page)` runs before its audits) over a
 * config resolved beforehand: the same steps from Lighthouse's own modules (about:blank, base
 * artifacts including the benchmark index, the navigation with its quiet windows, the gatherers),
 * in the same order, without resolving the config again. Lighthouse 13 also takes the abort signal.
 */
async function gather(lh: Internals, page: Page, url: string, runnerOptions: RunnerOptions, abandoned?: AbortSignal): Promise<GatheredArtifacts> {
  const { resolvedConfig, computedCache } = runnerOptions;
  return lh.Runner.gather(async () => {
    const driver = new lh.Driver(page);
    abandoned?.addEventListener('abort', () => markEnded(driver), { once: true });
    const context = { driver, page, resolvedConfig, requestor: lh.UrlUtils.normalizeUrl(url), computedCache, signal: abandoned };
    const { baseArtifacts } = await lh.setup(context);
    const gathered = await lh.navigation({ ...context, baseArtifacts });
    await lh.cleanup(context);
    return lh.finalizeArtifacts(baseArtifacts, gathered);
  }, runnerOptions);
}

/**
 * Tells Lighthouse that a run it is still in is over, before its page or Chrome is closed under it.
 * Lighthouse's target manager re-sends `Target.setAutoAttach` on every top-frame navigation without
 * anyone awaiting it, and ignores that call's failure only once it has been disabled; disabling it
 * properly (`driver.disconnect()`) awaits protocol calls that a hung page never answers. So the flag
 * its own `disable()` sets is set here, synchronously: a run that timed out and whose Chrome is then
 * closed leaves no unhandled rejection behind.
 */
function markEnded(driver: DriverClass): void {
  const manager = (driver as unknown as { _targetManager?: { _enabled?: boolean } })._targetManager;
  if (manager && typeof manager._enabled === 'boolean') manager._enabled = false;
}

/**
 * One Lighthouse run on a blank page of its own. The page's context is closed as soon as the page
 * has been measured; then `onGathered` is called and Lighthouse's audits (work in Node, none in the
 * browser) run while whatever `onGathered` does in the browser (open the next run's blank page,
 * clear Chrome's failed favicons, or close Chrome) goes on. Resolves when both are done. When
 * `abandoned` aborts (the run timed out or was interrupted), Lighthouse is told the run is over.
 */
async function runLighthouse(
  lh: Internals,
  target: BlankPage,
  url: string,
  prepared: PreparedConfig,
  onGathered: () => Promise<void> | void = () => undefined,
  abandoned?: AbortSignal,
  keepTrace?: (trace: unknown) => void,
): Promise<Result> {
  const runnerOptions = { resolvedConfig: forOneRun(prepared.resolved), computedCache: new Map() } as unknown as RunnerOptions;
  let artifacts: GatheredArtifacts;
  try {
    artifacts = await gather(lh, target.page, url, runnerOptions, abandoned);
    // Lighthouse's request blocking ends with its session; closing the page then fires pagehide, and a
    // RUM snippet would send its batch. Block the same URLs on a session of our own until the page is gone.
    const blocked = prepared.resolved.settings.blockedUrlPatterns ?? [];
    if (blocked.length > 0) {
      const cdp = await target.page.createCDPSession();
      await cdp.send('Network.enable');
      await cdp.send('Network.setBlockedURLs', { urls: blocked });
    }
  } finally {
    await target.context.close().catch(() => undefined);
  }
  keepTrace?.((artifacts as { Trace?: unknown }).Trace ?? null);
  const [result] = await Promise.all([lh.Runner.audit(artifacts, runnerOptions), onGathered()]);
  if (!result) throw new Error('Lighthouse returned no result');
  return result.lhr;
}

/**
 * One run of a user flow on a blank page of its own: Lighthouse's user-flow API (startFlow) with the
 * run's config; `drive` takes the steps (navigate, startTimespan/endTimespan, snapshot). The page's
 * context is closed once the steps are audited. Lighthouse's own public API: no internals.
 */
async function runUserFlow(
  lh: Internals,
  target: BlankPage,
  config: Config,
  name: string,
  drive: (flow: UserFlow) => Promise<void>,
  keepTraces?: (traces: unknown[]) => void,
): Promise<FlowResult> {
  try {
    const flow = await lh.startFlow(target.page as never, { config, name });
    await drive(flow);
    const result = await flow.createFlowResult();
    // Each step's gathered artifacts, as Lighthouse's flow artifacts (`createArtifactsJson`) hold them: its trace among them.
    keepTraces?.(flow.createArtifactsJson().gatherSteps.map((step) => (step.artifacts as { Trace?: unknown }).Trace ?? null));
    return result;
  } finally {
    await target.context.close().catch(() => undefined);
  }
}
