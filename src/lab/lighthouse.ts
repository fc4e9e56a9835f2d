import { generateReport, startFlow, type Config, type FlowResult, type Result, type UserFlow } from 'lighthouse';
import { initializeConfig } from 'lighthouse/core/config/config.js';
import { finalizeArtifacts } from 'lighthouse/core/gather/base-artifacts.js';
import { Driver } from 'lighthouse/core/gather/driver.js';
import { _cleanup, _navigation, _setup } from 'lighthouse/core/gather/navigation-runner.js';
import UrlUtils from 'lighthouse/core/lib/url-utils.js';
import { Runner } from 'lighthouse/core/runner.js';
import type { Page } from 'puppeteer-core';
import type { BlankPage } from './blank-page.js';

/** What perfgate touches of Lighthouse's resolved config (its `LH.Config.ResolvedConfig`). */
export interface ResolvedConfig {
  settings: { blockedUrlPatterns?: string[] | null };
  artifacts: Array<{ id: string; gatherer: { instance: object } }> | null;
  audits: Array<{ options: unknown }> | null;
  categories: unknown;
  groups: unknown;
}

/** A Lighthouse config resolved once, for many runs. */
export interface PreparedConfig {
  resolved: ResolvedConfig;
}

const FLAGS = { logLevel: 'error', output: 'json' } as const;

/**
 * Resolves a config the way `lighthouse()` does at the start of every run. Resolution takes about
 * half a second (most of it formatting the metadata of 150 audits), so the runner does it once per
 * config rather than once per run.
 */
export async function prepareConfig(config: Config): Promise<PreparedConfig> {
  const { resolvedConfig } = await initializeConfig('navigation', config, FLAGS);
  return { resolved: resolvedConfig as ResolvedConfig };
}

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

/**
 * Lighthouse's gathering (what `lighthouse(url, flags, config, page)` runs before its audits) over a
 * config resolved beforehand: the same steps from Lighthouse's own modules (about:blank, base
 * artifacts including the benchmark index, the navigation with its quiet windows, the gatherers),
 * in the same order, without resolving the config again.
 */
async function gather(page: Page, url: string, runnerOptions: RunnerOptions, abandoned?: AbortSignal): Promise<GatheredArtifacts> {
  const { resolvedConfig, computedCache } = runnerOptions;
  return Runner.gather(async () => {
    const driver = new Driver(page);
    abandoned?.addEventListener('abort', () => markEnded(driver), { once: true });
    const context = { driver, page, resolvedConfig, requestor: UrlUtils.normalizeUrl(url), computedCache };
    const { baseArtifacts } = await _setup(context);
    const gathered = await _navigation({ ...context, baseArtifacts });
    await _cleanup(context);
    return finalizeArtifacts(baseArtifacts, gathered);
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
function markEnded(driver: Driver): void {
  const manager = (driver as unknown as { _targetManager?: { _enabled?: boolean } })._targetManager;
  if (manager && typeof manager._enabled === 'boolean') manager._enabled = false;
}

/** The options Lighthouse's runner takes for one run's gathering and audits. */
type RunnerOptions = Parameters<typeof Runner.gather>[1];
type GatheredArtifacts = Awaited<ReturnType<typeof Runner.gather>>;

/**
 * One Lighthouse run on a blank page of its own. The page's context is closed as soon as the page
 * has been measured; then `onGathered` is called and Lighthouse's audits (work in Node, none in the
 * browser) run while whatever `onGathered` does in the browser (open the next run's blank page,
 * clear Chrome's failed favicons, or close Chrome) goes on. Resolves when both are done. When
 * `abandoned` aborts (the run timed out or was interrupted), Lighthouse is told the run is over.
 */
export async function runLighthouse(
  target: BlankPage,
  url: string,
  prepared: PreparedConfig,
  onGathered: () => Promise<void> | void = () => undefined,
  abandoned?: AbortSignal,
): Promise<Result> {
  const runnerOptions = { resolvedConfig: forOneRun(prepared.resolved), computedCache: new Map() } as unknown as RunnerOptions;
  let artifacts: GatheredArtifacts;
  try {
    artifacts = await gather(target.page, url, runnerOptions, abandoned);
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
  const [result] = await Promise.all([Runner.audit(artifacts, runnerOptions), onGathered()]);
  if (!result) throw new Error('Lighthouse returned no result');
  return result.lhr;
}

/**
 * One run of a user flow on a blank page of its own: Lighthouse's user-flow API (startFlow) with the
 * run's config; `drive` takes the steps (navigate, startTimespan/endTimespan, snapshot). The page's
 * context is closed before the steps are audited. Lighthouse's own public API: no internals.
 */
export async function runUserFlow(target: BlankPage, config: Config, name: string, drive: (flow: UserFlow) => Promise<void>): Promise<FlowResult> {
  try {
    const flow = await startFlow(target.page as never, { config, name });
    await drive(flow);
    return await flow.createFlowResult();
  } finally {
    await target.context.close().catch(() => undefined);
  }
}

/** Lighthouse's flow report (every step in one HTML page). */
export function flowHtmlReport(result: FlowResult): string {
  return generateReport(result, 'html');
}

/** The HTML report of a Lighthouse result. */
export function htmlReport(lhr: Result): string {
  return generateReport(lhr, 'html');
}
