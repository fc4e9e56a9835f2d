import { slugs } from '../slugs.js';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config, FlowResult, Result } from 'lighthouse';
import { flowStepInputs, representativeFlowRun, type FlowRunStep } from '../flow-steps.js';
import { interruptedBy, UserError } from '../errors.js';
import { checkAuditIds } from './check-audit-ids.js';
import { extractRun, type RunSample } from '../metrics.js';
import { METRICS } from '../rules.js';
import type { CookieSpec } from '../config/model.js';
import { summarizePage, type PageResult, type ReportFiles } from '../results.js';
import { plural } from '../plural.js';
import { scrubSecrets } from '../scrub-secrets.js';
import type { BuildDigest, NotInBase, RunError } from '../types.js';
import { redirectError } from './redirect-error.js';
import { setCookies } from './set-cookies.js';
import { keepChrome } from './chrome-keeper.js';
import { netErrorOf } from './net-error.js';
import { PAINT_WAIT_MS, paintsNothing } from './chrome-answer.js';
import { withFix } from './run-error-fixes.js';
import { netErrorIn, unreachableSites } from './unreachable-sites.js';
import { clearEarlierRuns } from './clear-earlier-runs.js';
import { loadFlow, type FlowFunction } from './flow-module.js';
import { type LhciManifestEntry, lhciManifestEntry } from './lhci-manifest.js';
import { applySessionState, loadSetup, runLoginSetup, SetupFailed, stateSecrets, type SessionState } from './login-setup.js';
import type { Lighthouse, PreparedConfig } from './lighthouse.js';
import type { Progress } from './progress.js';

/** One page to run, its URL resolved and its Lighthouse config chosen (the page's headers are in it). */
export interface PlannedPage {
  name: string;
  url: string;
  runs: number;
  config: Config;
  /** Set in the run's browser context before the page loads. */
  cookies?: CookieSpec[];
  /** Measure a run that ends on another URL instead of failing it with REDIRECTED. */
  allowRedirect?: boolean;
  /** Absolute path of the setup module (a login) whose cookies and storage every run starts with. */
  setup?: string | null;
  /** With sampling: at most this many runs (per side); `runs` is then the minimum. Default `runs`. */
  maxRuns?: number;
  /** With sampling: no new run (or pair) starts after this long on the page. */
  maxMs?: number | null;
  /** The same page on the base build: measured side by side, alternating with `url` (base, head, head, base, ...). */
  baseUrl?: string | null;
}

/** Which build a run measured: the pull request's (`head`) or the base's, measured side by side. */
export type Side = 'base' | 'head';

/** One user flow to run: its module and its Lighthouse config (the form factor's, with the top-level headers). */
export interface PlannedFlow {
  name: string;
  /** Absolute path of the flow module. */
  module: string;
  /** Runs (per side, side by side); with `flowNeedsMore` and a higher `maxRuns`, the runs before the first look. */
  runs: number;
  /** At most this many runs (per side) while `flowNeedsMore` says a step is open. Default `runs`. */
  maxRuns?: number;
  /** With sampling: no new run (or pair) starts after this long on the flow. */
  maxMs?: number | null;
  config: Config;
  cookies?: CookieSpec[];
  setup?: string | null;
}

export interface RunnerOptions {
  chromePath: string;
  pages: PlannedPage[];
  /** User flows, run before the pages (their steps, known only once they have run, join the family the pages are sampled with). */
  flows?: PlannedFlow[];
  /** Folder for run reports (`runs/`) and the representative reports (`reports/`). */
  outDir: string;
  progress: Progress;
  /** Chrome flags added to perfgate's own (pages.json "chromeFlags"). */
  chromeFlags?: readonly string[];
  /** Longest a single run may take before Chrome is killed and the run counts as failed. */
  runTimeoutMs: number;
  /** A new Chrome for every run, started just before it (as the Lighthouse CLI does), instead of a fresh context in one Chrome. */
  freshBrowser?: boolean;
  signal?: AbortSignal;
  /** Values that must not appear in any report written (from "${env:...}"): replaced in every Lighthouse report. */
  secrets?: readonly string[];
  /** For setup modules: the site's URL and the environment they receive. */
  baseUrl?: string | null;
  env?: Record<string, string | undefined>;
  /** The base build's URL (side-by-side runs): setup modules run against it for the base's runs. */
  baseSiteUrl?: string | null;
  /**
   * Asked after `runs` (pairs of) runs and after each since, up to `maxRuns`: what is still open on
   * the page (empty: its verdicts are clear, it stops). Without it every page runs exactly `runs` times.
   */
  needsMore?: (pageIndex: number, runs: { head: readonly RunSample[]; base: readonly RunSample[] }) => string[];
  /**
   * Asked after a flow's `runs` (pairs of) runs and after each since, up to its `maxRuns`: what is
   * still open over its steps (each with its `sampling`, and side by side the base's runs beside it).
   * A flow with a fixed count of runs is asked once, after its last run, and not run again.
   */
  flowNeedsMore?: (flowIndex: number, steps: readonly PageResult[]) => string[];
  /**
   * Side by side with both builds served from folders: the digest of what the head's runs of a page
   * loaded so far when the base's folder serves every one of those files byte for byte alike (else
   * null). Such a page's first run is the head's; while its runs load nothing that differs, the base
   * cannot differ and is not measured. Without it every page with a base alternates from the base's run.
   */
  servedAlike?: (page: PlannedPage, headRuns: readonly Result[]) => BuildDigest | null;
  /**
   * The same for user flows, from what this build's server was asked for: `start` before a flow's
   * logins and runs (what was asked before is not the flow's), then after each head run `alike`: the
   * digest of every file asked for since `start` (by the page, its frames, its workers, the flow's
   * module or its login) when the base's folder serves each alike, else null. Such a flow's first
   * run is the head's; while its runs ask for nothing that differs, the base is not measured.
   */
  flowServedAlike?: { start(): Promise<void>; alike(): Promise<BuildDigest | null> };
  /** Measure with a Lighthouse outside the tested versions (`--lighthouse-unchecked`) instead of refusing. */
  lighthouseUnchecked?: boolean;
  /** The budgets file, named when its audit budgets name audits Lighthouse does not have. */
  budgetsFile?: string;
  /** pages.json's `skipAudits` and its file, named when it names audits Lighthouse does not have. */
  skipAudits?: { ids: readonly string[]; file: string };
  /** The Lighthouse package's folder; default `PERFGATE_LIGHTHOUSE`, else the one installed beside perfgate. */
  lighthouseDir?: string;
  /** Keep each page's representative run's trace beside its reports (`reports/<page>.trace.json`, the base's too), and each flow step's (`<flow>.flow.step-N.trace.json`). */
  saveTraces?: boolean;
  /** Clock for the sampling time limit (tests). */
  now?: () => number;
}

export interface LabOutput {
  pages: PageResult[];
  /** Every measured run, for the environment summary. */
  samples: RunSample[];
  chromeVersion: string | null;
  /** How many times Chrome was started: once, unless a run failed, Chrome could not be made to forget failed favicons, or `freshBrowser` was set. */
  chromeLaunches: number;
  /** The secrets given and those setups left (cookie and storage values): no output may show them. */
  secrets: string[];
}

/** A failed try; `repeated` (Chrome itself cannot load the page, or paints nothing there) says why another try would only repeat it. */
type Failed = { ok: false; error: RunError; repeated?: string };
type Attempt = { ok: true; lhr: Result; sample: RunSample; trace?: unknown } | Failed;
type FlowAttempt = { ok: true; result: FlowResult; steps: FlowRunStep[]; traces?: unknown[] } | Failed;

/**
 * Errors that another try would only repeat: a redirect, and a run that timed out (a page whose
 * script never yields would hold the run for another full timeout).
 */
const NOT_RETRIED = new Set(['REDIRECTED', 'RUN_TIMEOUT']);

/** A flow run's line in the progress display: each step's INP (timespans) or LCP (navigations). */
const flowSummary = (steps: readonly FlowRunStep[]) =>
  steps
    .map((s) => {
      const id = s.mode === 'timespan' ? 'interaction-to-next-paint' : s.mode === 'navigation' ? 'largest-contentful-paint' : null;
      const value = id ? s.sample.metrics[id] : undefined;
      return id ? `${s.name}: ${METRICS[id].label} ${value === undefined ? '-' : `${Math.round(value)} ms`}` : `${s.name}: snapshot`;
    })
    .join(', ');

const summary = (sample: RunSample) =>
  (['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time'] as const)
    .map((id) => {
      const value = sample.metrics[id];
      return `${METRICS[id].label} ${value === undefined ? '-' : Math.round(value)} ms`;
    })
    .join(', ');

/**
 * Runs Lighthouse over every user flow, then every page, `runs` times each, strictly one run at a
 * time. A failed run is retried once (unless another try would only repeat it); a second failure
 * records the page as an error and the others still run. A site Chrome cannot load fails its later
 * pages without a Lighthouse run, as long as Chrome still cannot load them.
 * Every Chrome it starts is closed when it returns or throws (including on abort).
 */
export async function runLab(options: RunnerOptions): Promise<LabOutput> {
  const { pages, outDir, progress, signal } = options;
  await mkdir(path.join(outDir, 'runs'), { recursive: true });
  await mkdir(path.join(outDir, 'reports'), { recursive: true });
  await clearEarlierRuns(outDir);

  // Chrome starts now, while Lighthouse's modules load (a second and a half) and the config resolves.
  const chrome = keepChrome(options.chromePath, signal, options.chromeFlags);
  let lighthouse: Lighthouse;
  try {
    lighthouse = await (await import('./lighthouse.js')).loadLighthouse({ unchecked: options.lighthouseUnchecked, dir: options.lighthouseDir });
  } catch (error) {
    await chrome.close();
    throw error;
  }
  if (lighthouse.unchecked) progress.note(`warning: ${lighthouse.unchecked}`);

  // Each distinct config is resolved once (pages of one form factor share it).
  const prepared = new Map<string, Promise<PreparedConfig>>();
  const prepare = (config: Config) => {
    const key = JSON.stringify(config);
    if (!prepared.has(key)) prepared.set(key, lighthouse.prepareConfig(config));
    return prepared.get(key) as Promise<PreparedConfig>;
  };

  const flows = options.flows ?? [];
  // Every setup and flow module loads before anything is measured: one that is missing or exports no function stops the run at once (exit 2).
  const drivers = new Map<string, FlowFunction>();
  try {
    for (const file of new Set([...pages, ...flows].map((p) => p.setup).filter((f): f is string => Boolean(f)))) await loadSetup(file);
    for (const flow of flows) drivers.set(flow.module, await loadFlow(flow.module));
    const budgeted = [...new Set([...pages, ...flows].flatMap((p) => p.config.settings?.onlyAudits ?? []))];
    await checkAuditIds(lighthouse, { ids: budgeted, file: options.budgetsFile ?? 'budgets' }, options.skipAudits ?? { ids: [], file: 'pages.json' });
  } catch (error) {
    await chrome.close();
    throw error;
  }
  const secrets = [...(options.secrets ?? [])];
  // Each setup module runs once, before the first page that uses it; its outcome serves every such page.
  const sessions = new Map<string, Promise<SessionState | RunError>>();
  const sessionFor = (file: string, site: string | null) => {
    const key = `${site}\u0000${file}`;
    if (!sessions.has(key)) {
      const outcome = chrome
        .ready()
        .then(async (session) => {
          const state = await runLoginSetup(file, session.browser, site, options.env ?? {});
          secrets.push(...stateSecrets(state));
          return state;
        })
        .catch((error: unknown): RunError => {
          if (error instanceof UserError || signal?.aborted) throw error;
          return { code: 'SETUP_FAILED', message: error instanceof SetupFailed ? error.message : `the setup ${file} failed: ${(error as Error).message}` };
        });
      sessions.set(key, outcome);
    }
    return sessions.get(key) as Promise<SessionState | RunError>;
  };

  /**
   * A run's work, bounded: it fails with RUN_TIMEOUT after `limitMs`, and an abort ends it at once
   * (Lighthouse does not always notice that Chrome is gone: closed while it waits for a navigation
   * event, its about:blank step has no time limit, it waits forever). Any other failure becomes the
   * run's error (Chrome is closed first unless `keepChrome` says the failure was not Chrome's).
   */
  const guarded = async <T>(
    work: (abandoned: AbortSignal) => Promise<T>,
    limitMs: number,
    what: string,
    keepChrome: (code: unknown) => boolean = () => false,
  ): Promise<T | { ok: false; error: RunError }> => {
    let timer: NodeJS.Timeout | undefined;
    const watchdog = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error(`${what} took longer than ${limitMs / 1000} s`), { code: 'RUN_TIMEOUT' })), limitMs);
    });
    let stopWaiting = () => {};
    const aborted = new Promise<never>((_, reject) => {
      const onAbort = () => reject(interruptedBy(signal));
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
      stopWaiting = () => signal?.removeEventListener('abort', onAbort);
    });
    const abandon = new AbortController();
    try {
      return await Promise.race([work(signal ? AbortSignal.any([abandon.signal, signal]) : abandon.signal), watchdog, aborted]);
    } catch (error) {
      // Whatever the work still waits for is given up before its Chrome is closed.
      abandon.abort();
      if (signal?.aborted) throw interruptedBy(signal);
      const code = (error as { code?: unknown }).code;
      // Chrome may be hung or gone: start a new one for the next attempt.
      if (!keepChrome(code)) await chrome.close();
      return { ok: false, error: { code: typeof code === 'string' ? code : 'RUN_FAILED', message: (error as Error).message } };
    } finally {
      clearTimeout(timer);
      stopWaiting();
    }
  };

  // A site Chrome cannot load (nothing listens, the name does not resolve) costs one Lighthouse try, not two per page.
  const unreachable = unreachableSites(async (url) => netErrorOf((await chrome.ready()).browser, url));
  const failedFor = (found: { error: RunError; netError: string }): Failed => ({
    ok: false,
    error: found.error,
    repeated: `Chrome itself gets ${found.netError}`,
  });

  /** One try of one run; `more` says whether another run is planned after it. */
  const attempt = async (page: PlannedPage, more: boolean, state: SessionState | null): Promise<Attempt> => {
    const [config, session] = await Promise.all([prepare(page.config), chrome.ready()]);
    return guarded(
      async (abandoned): Promise<Attempt> => {
        const known = await unreachable.before(page.url);
        if (known) return failedFor(known);
        const onGathered = () => chrome.afterGathered(session.browser, { fresh: options.freshBrowser ?? false, more });
        const target = await chrome.takeBlankPage(session.browser);
        if (state) await applySessionState(target.page, state);
        await setCookies(target.context, page.url, page.cookies ?? []);
        let trace: unknown = null;
        const keepTrace = options.saveTraces ? (t: unknown) => (trace = t) : undefined;
        const lhr = scrubSecrets(await lighthouse.runLighthouse(target, page.url, config, onGathered, abandoned, keepTrace), secrets);
        const sample = extractRun(lhr);
        if (sample.runtimeError) {
          const found = await unreachable.after(page.url, sample.runtimeError);
          if (found) return failedFor(found);
          // A page that painted nothing: Chrome itself is asked whether it paints at all, on the run's screen and with its
          // user agent; one that does not would fail every try alike.
          const probed = {
            url: page.url,
            headers: (page.config.settings?.extraHeaders ?? {}) as Record<string, string>,
            cookies: page.cookies ?? [],
            screen: sample.environment.screen,
            userAgent: sample.environment.userAgent,
          };
          const blank = sample.runtimeError.code === 'NO_FCP' && (await paintsNothing(session.browser, probed, state));
          return {
            ok: false,
            error: withFix(sample.runtimeError),
            ...(blank ? { repeated: `Chrome itself saw it paint nothing ${PAINT_WAIT_MS / 1000} s after its load event` } : {}),
          };
        }
        const redirected = page.allowRedirect ? null : redirectError(page.url, lhr.finalDisplayedUrl);
        if (redirected) return { ok: false, error: redirected };
        return { ok: true, lhr, sample, ...(trace ? { trace } : {}) };
      },
      options.runTimeoutMs,
      'the run',
    );
  };

  /**
   * One try of one run of a user flow on `site` (the head's, or side by side the base's): its steps,
   * or why it failed. A flow module that throws is its own failure, not Chrome's.
   */
  const attemptFlow = async (flow: PlannedFlow, more: boolean, state: SessionState | null, site: string | null): Promise<FlowAttempt> => {
    const session = await chrome.ready();
    const drive = drivers.get(flow.module) as FlowFunction;
    const limitMs = options.runTimeoutMs * 3;
    return guarded(
      async (): Promise<FlowAttempt> => {
        // The flow's URLs are its module's; the site it is given stands for them, as a page's URL does.
        const known = site ? await unreachable.before(site) : null;
        if (known) return failedFor(known);
        const target = await chrome.takeBlankPage(session.browser);
        if (state) await applySessionState(target.page, state);
        await setCookies(target.context, site ?? 'http://localhost/', flow.cookies ?? []);
        let driveError: string | null = null;
        let traces: unknown[] | null = null;
        const keepTraces = options.saveTraces ? (kept: unknown[]) => (traces = kept) : undefined;
        const flowResult = await lighthouse
          .runUserFlow(
            target,
            flow.config,
            flow.name,
            async (lhFlow) => {
              try {
                await drive(lhFlow, { page: target.page, baseUrl: site, env: options.env ?? {} });
              } catch (error) {
                driveError = (error as Error)?.message ?? String(error);
                throw Object.assign(new Error(`the flow ${flow.module} failed: ${driveError}`), { code: 'FLOW_FAILED' });
              }
            },
            keepTraces,
          )
          .catch(async (error) => {
            // A navigation of the module's own (page.goto) to a site Chrome cannot load: as a page's, not retried, and the site remembered.
            const failedLoad = driveError === null ? null : netErrorIn(driveError);
            const found = failedLoad ? await unreachable.after(failedLoad.url, { code: 'FAILED_DOCUMENT_REQUEST', message: driveError as string }) : null;
            if (found) return found;
            throw error;
          });
        if ('netError' in flowResult) return failedFor(flowResult);
        const result = scrubSecrets(flowResult, secrets);
        await chrome.afterGathered(session.browser, { fresh: options.freshBrowser ?? false, more });
        if (result.steps.length === 0) {
          const message = `the flow ${flow.module} took no step (call flow.navigate, flow.startTimespan/endTimespan or flow.snapshot)`;
          return { ok: false, error: { code: 'FLOW_FAILED', message } };
        }
        const steps = result.steps.map((step) => ({ name: step.name, mode: step.lhr.gatherMode, sample: extractRun(step.lhr) }));
        const brokenAt = steps.findIndex((s) => s.sample.runtimeError);
        const broken = steps[brokenAt]?.sample.runtimeError;
        if (broken) {
          const stepUrl = result.steps[brokenAt]?.lhr.requestedUrl;
          const found = stepUrl ? await unreachable.after(stepUrl, broken) : null;
          return found ? failedFor(found) : { ok: false, error: withFix(broken) };
        }
        return { ok: true, result, steps, ...(traces ? { traces } : {}) };
      },
      limitMs,
      "the flow's run",
      (code) => code === 'FLOW_FAILED',
    );
  };

  /** The login state of a page or flow with a setup: its session, or the error that makes it unmeasured (noted). */
  const loginOf = async (
    name: string,
    setup: string | null | undefined,
    site: string | null = options.baseUrl ?? null,
  ): Promise<{ state: SessionState | null; error: RunError | null }> => {
    if (!setup) return { state: null, error: null };
    const outcome = await sessionFor(setup, site);
    if (!('code' in outcome)) return { state: outcome, error: null };
    progress.note(`  ${name}: ${outcome.code}, not measured: ${outcome.message}`);
    return { state: null, error: outcome };
  };

  /**
   * One run, tried at most twice: a failed try is retried once, unless its error is one a retry
   * would only repeat (a redirect, a timeout, a page Chrome itself cannot load or sees paint nothing). `keep` takes the measured run. Returns the error that stopped it, or null;
   * `failing` says in the log what becomes of the run then.
   */
  const tryTwice = async <T extends { ok: true }>(
    name: string,
    run: number,
    of: number | string,
    tryRun: () => Promise<T | Failed>,
    keep: (outcome: T) => Promise<string>,
    retries: Array<{ run: number; error: RunError }>,
    failing = 'recorded as an error, going on with the others',
  ): Promise<RunError | null> => {
    for (let tries = 1; ; tries++) {
      progress.start(name, run, of);
      const outcome = await tryRun();
      if (outcome.ok) {
        progress.done(name, run, of, await keep(outcome as T));
        return null;
      }
      const { error, repeated } = outcome as Failed;
      progress.done(name, run, of, `failed: ${error.code}`);
      if (tries === 1 && !NOT_RETRIED.has(error.code) && !repeated) {
        retries.push({ run, error });
        progress.note(`  ${name}: ${error.code}, retrying once`);
        continue;
      }
      const why = repeated ? ` (${repeated}, so not retried)` : tries > 1 ? ' again' : '';
      progress.note(`  ${name}: ${error.code}${why}; ${failing}`);
      return error;
    }
  };

  /**
   * After a head run of a page or flow that may load the same files from both builds (`before`: what
   * its runs loaded until now was alike; `alike`: with this run's): measure the head alone from now
   * on, go on probing, alternate from the next run, or first catch up the base's runs it skipped.
   */
  const afterProbe = (name: string, run: number, minRuns: number, before: BuildDigest | null, alike: BuildDigest | null) => {
    if (alike && before) return 'probe on';
    if (alike) {
      // Nothing this run loaded differs between the builds: the base's runs would measure the same page.
      progress.note(`  ${name}: loads the same ${plural(alike.files, 'file')} from both builds; measured on this build only`);
      progress.extend(-minRuns);
      return 'head only';
    }
    if (!before) return 'alternate';
    // A later run loaded a file that differs: the base's runs skipped are measured now, then both alternate.
    progress.note(`  ${name}: run ${run} loaded a file that differs from the base's build; measuring the base's ${plural(run, 'run')} now`);
    progress.extend(Math.max(run, minRuns));
    return 'catch up';
  };

  const now = options.now ?? Date.now;
  const results: PageResult[] = [];
  /** Every run of the pages, in Lighthouse CI's manifest.json shape (the pull request's side; flows are not Lighthouse CI's). */
  const manifest: LhciManifestEntry[] = [];
  const allSamples: RunSample[] = [];
  const pageSlugs = slugs([...pages.map((p) => p.name), ...flows.map((f) => f.name)]);

  /**
   * Measures one page: `runs` runs (pairs, side by side with the base: base and head alternate as
   * base, head, head, base, ... so that drift of the machine's speed falls on both alike), then one
   * more run or pair at a time while `needsMore` says so, up to `maxRuns` or the time limit.
   */
  const measurePage = async (page: PlannedPage, index: number, slug: string): Promise<PageResult> => {
    // A page whose files may be the same on both builds runs the head first, to know before the base's run.
    let probing = Boolean(page.baseUrl && options.servedAlike);
    let alike: BuildDigest | null = null;
    let sides: Side[] = page.baseUrl ? (probing ? ['head', 'base'] : ['base', 'head']) : ['head'];
    const samples: Record<Side, RunSample[]> = { base: [], head: [] };
    const lhrs: Record<Side, Result[]> = { base: [], head: [] };
    const traces: Record<Side, Array<string | null>> = { base: [], head: [] };
    const retries: Record<Side, Array<{ run: number; error: RunError }>> = { base: [], head: [] };
    const order: Side[] = [];
    const entries: LhciManifestEntry[] = [];
    const logins: Record<Side, { state: SessionState | null; error: RunError | null }> = {
      head: await loginOf(page.name, page.setup),
      base: page.baseUrl ? await loginOf(`${page.name} (base)`, page.setup, options.baseSiteUrl ?? null) : { state: null, error: null },
    };
    const maxRuns = Math.max(page.runs, page.maxRuns ?? page.runs);
    const began = now();
    let stopped: 'clear' | 'maxRuns' | 'time' = 'clear';
    let error: RunError | null = logins.head.error ?? logins.base.error;
    const lastPage = index === pages.length - 1;
    /** One run on one side (retried once as `tryTwice` says): its error, or null once measured and kept. */
    const measureRun = async (side: Side, run: number, more: boolean): Promise<RunError | null> => {
      const url = side === 'base' ? (page.baseUrl as string) : page.url;
      const failed = await tryTwice(
        page.baseUrl ? `${page.name} ${side}` : page.name,
        run,
        maxRuns > page.runs ? `${page.runs}–${maxRuns}` : page.runs,
        () => attempt({ ...page, url }, more, logins[side].state),
        async (outcome: Extract<Attempt, { ok: true }>) => {
          samples[side].push(outcome.sample);
          lhrs[side].push(outcome.lhr);
          order.push(side);
          const file = side === 'base' ? `${slug}-base-${run}.json` : `${slug}-${run}.json`;
          await writeFile(path.join(outDir, 'runs', file), JSON.stringify(outcome.lhr));
          // Until the representative run is known, each run's trace waits in runs/.
          const trace = outcome.trace ? path.join(outDir, 'runs', file.replace(/\.json$/, '.trace.json')) : null;
          if (trace) await writeFile(trace, JSON.stringify(scrubSecrets(outcome.trace, secrets)));
          traces[side].push(trace);
          if (side === 'head') entries.push(lhciManifestEntry(outcome.lhr, path.resolve(outDir, 'runs', file)));
          return summary(outcome.sample);
        },
        retries[side],
      );
      if (!failed || side === 'head') return failed;
      return { code: failed.code, message: `the base build (${url}) could not be measured: ${failed.message}` };
    };
    for (let run = 1; run <= maxRuns && !error; run++) {
      const turn: Side[] = run % 2 === 1 ? sides : [...sides].reverse();
      for (const [position, side] of turn.entries()) {
        // Chrome may be closed after the last run of all; side by side, more may follow any run until the sampling stops.
        const more = !lastPage || run < page.runs || position < turn.length - 1 || maxRuns > page.runs || probing;
        error = await measureRun(side, run, more);
        if (error) break;
        if (side === 'base' || !probing) continue;
        const before = alike;
        alike = options.servedAlike?.(page, lhrs.head) ?? null;
        const next = afterProbe(page.name, run, page.runs, before, alike);
        if (next === 'head only') {
          sides = ['head'];
          break;
        }
        if (next === 'probe on') continue;
        probing = false;
        if (next === 'catch up') {
          sides = ['base', 'head'];
          for (let baseRun = 1; baseRun <= run && !error; baseRun++) error = await measureRun('base', baseRun, true);
        }
      }
      if (error || run < page.runs) continue;
      const open = options.needsMore?.(index, samples) ?? [];
      if (open.length === 0) {
        stopped = 'clear';
        if (maxRuns > page.runs) progress.note(`  ${page.name}: clear after ${run} runs${sides.length > 1 ? ' per side' : ''}`);
        break;
      }
      if (run === maxRuns) {
        stopped = 'maxRuns';
        progress.note(`  ${page.name}: still open after ${run} runs${sides.length > 1 ? ' per side' : ''} (the most allowed): ${open.join(', ')}`);
        break;
      }
      if (page.maxMs != null && now() - began >= page.maxMs) {
        stopped = 'time';
        progress.note(
          `  ${page.name}: the time limit of ${Math.round(page.maxMs / 1000)} s is reached after ${run} runs${sides.length > 1 ? ' per side' : ''}; still open: ${open.join(', ')}`,
        );
        break;
      }
      progress.extend(sides.length);
    }
    const result = summarizePage({ name: page.name, url: page.url, runs: page.runs, samples: samples.head, error, retries: retries.head });
    if (maxRuns > page.runs) result.sampling = { minRuns: page.runs, maxRuns, stopped: error ? 'clear' : stopped };
    if (alike) result.identicalBase = alike;
    else if (page.baseUrl) {
      const base = summarizePage({ name: page.name, url: page.baseUrl, runs: page.runs, samples: samples.base, error: null, retries: retries.base });
      result.base = { ...base, reports: null };
      result.order = order;
    }
    if (!error) {
      const representative = lhrs.head[result.representativeRun];
      if (representative) result.reports = await writeReports(outDir, `${slug}.report`, representative, lighthouse.htmlReport);
      const chosen = entries[result.representativeRun];
      if (chosen && result.reports?.html) Object.assign(chosen, { isRepresentativeRun: true, htmlPath: path.resolve(outDir, result.reports.html) });
      const baseReport = result.base && lhrs.base[result.base.representativeRun];
      if (result.base && baseReport) result.base.reports = await writeReports(outDir, `${slug}.base.report`, baseReport, lighthouse.htmlReport);
      const headTrace = await keptTrace(outDir, traces.head, result.representativeRun, `${slug}.trace.json`);
      if (result.reports && headTrace) result.reports.trace = headTrace;
      const baseTrace = result.base ? await keptTrace(outDir, traces.base, result.base.representativeRun, `${slug}.base.trace.json`) : null;
      if (result.base?.reports && baseTrace) result.base.reports.trace = baseTrace;
      allSamples.push(...samples.head);
    }
    // The other runs' traces are not kept: a trace is megabytes, and the representative run is the one to look into.
    for (const file of [...traces.head, ...traces.base]) if (file) await rm(file, { force: true });
    manifest.push(...entries);
    return result;
  };

  /**
   * Measures one user flow `flow.runs` times; side by side (a base site given) as many times on the
   * base build too, alternating as pages do, the flow module driving each build from its own URL;
   * then one more run (or pair) at a time while `flowNeedsMore` says a step is open, up to `maxRuns`
   * or the time limit. Each step becomes a result of its own; side by side, a step the base took alike
   * gets the base's runs beside it. A base whose flow takes other steps is measured, said, and not compared.
   * With `flowServedAlike` the head runs first, and a flow that asks for the same files from both
   * builds is measured on this build alone (each step's `identicalBase`), as pages are.
   */
  const measureFlow = async (flow: PlannedFlow, index: number, slug: string): Promise<PageResult[]> => {
    // A flow the base's build cannot run at all (new in the pull request) is measured without a base from then on.
    let baseSite = options.baseSiteUrl ?? null;
    // A flow whose files may be the same on both builds runs the head first, to know before the base's run.
    const sameFiles = baseSite ? options.flowServedAlike : undefined;
    let probing = Boolean(sameFiles);
    let alike: BuildDigest | null = null;
    let sides: Side[] = baseSite ? (probing ? ['head', 'base'] : ['base', 'head']) : ['head'];
    let notInBase: NotInBase | null = null;
    const siteOf = (side: Side) => (side === 'base' ? baseSite : (options.baseUrl ?? null));
    const maxRuns = options.flowNeedsMore ? Math.max(flow.runs, flow.maxRuns ?? flow.runs) : flow.runs;
    const perSide = () => (sides.length > 1 ? ' per side' : '');
    const measured: Record<Side, FlowRunStep[][]> = { base: [], head: [] };
    const flowResults: Record<Side, FlowResult[]> = { base: [], head: [] };
    /** Per side, per run, each step's trace file in runs/ (with --save-traces), until the representative run is known. */
    const stepTraces: Record<Side, Array<Array<string | null>>> = { base: [], head: [] };
    const retries: Record<Side, Array<{ run: number; error: RunError }>> = { base: [], head: [] };
    const order: Side[] = [];
    await sameFiles?.start();
    const logins = {
      head: await loginOf(flow.name, flow.setup),
      base: baseSite ? await loginOf(`${flow.name} (base)`, flow.setup, baseSite) : { state: null, error: null },
    };
    let flowError: RunError | null = logins.head.error ?? logins.base.error;
    let stopped: 'clear' | 'maxRuns' | 'time' = 'clear';
    const sampling = () => (maxRuns > flow.runs ? { minRuns: flow.runs, maxRuns, stopped } : undefined);
    /** The steps as results: the head's runs, and side by side the base's beside each step the base took alike. */
    const stepResults = () => {
      const steps = flowStepInputs(flow.name, flow.runs, measured.head, flowError).map((input) => summarizePage({ ...input, retries: retries.head }));
      const compared = baseSite && !flowError && !alike;
      const baseSteps = compared ? flowStepInputs(flow.name, flow.runs, measured.base, null) : [];
      const unmatched: string[] = [];
      const plan = sampling();
      for (const step of steps) {
        if (plan) step.sampling = plan;
        if (!compared) continue;
        const same = baseSteps.find((b) => !b.error && b.name === step.name && b.flow?.mode === step.flow?.mode);
        if (!same) unmatched.push(step.flow?.step ?? step.name);
        else {
          step.base = { ...summarizePage({ ...same, retries: retries.base }), reports: null };
          step.order = [...order];
        }
      }
      const took = baseSteps[0]?.error ? baseSteps[0].error.message : baseSteps.map((b) => b.flow?.step).join(', ');
      return { steps, unmatched, took };
    };
    /** One run on one side (retried once): its error, or null once measured (or the flow found new in the pull request). */
    const measureRun = async (side: Side, run: number, more: boolean): Promise<RunError | null> => {
      const firstOnBase = side === 'base' && measured.base.length === 0 && retries.base.length === 0;
      const failed = await tryTwice(
        baseSite ? `${flow.name} ${side}` : flow.name,
        run,
        maxRuns > flow.runs ? `${flow.runs}–${maxRuns}` : flow.runs,
        () => attemptFlow(flow, more, logins[side].state, siteOf(side)),
        async (outcome: Extract<FlowAttempt, { ok: true }>) => {
          measured[side].push(outcome.steps);
          flowResults[side].push(outcome.result);
          order.push(side);
          const file = side === 'base' ? `${slug}-base-${run}.flow.json` : `${slug}-${run}.flow.json`;
          await writeFile(path.join(outDir, 'runs', file), JSON.stringify(outcome.result));
          const traces: Array<string | null> = [];
          for (const [i, trace] of (outcome.traces ?? []).entries()) {
            const to = trace ? path.join(outDir, 'runs', file.replace(/\.json$/, `.step-${i + 1}.trace.json`)) : null;
            if (to) await writeFile(to, JSON.stringify(scrubSecrets(trace, secrets)));
            traces.push(to);
          }
          stepTraces[side].push(traces);
          return flowSummary(outcome.steps);
        },
        retries[side],
        firstOnBase ? 'measured without a base' : undefined,
      );
      if (failed && firstOnBase && baseSite) {
        // Its very first base run failed (retried once): the flow is taken for new in the pull request, not failed for its base.
        notInBase = { baseUrl: baseSite, status: null, error: failed };
        progress.note(`  ${flow.name}: the base's build could not run this flow (${failed.code}); it is measured without a base, as new in this pull request`);
        progress.extend(-(Math.max(flow.runs, measured.head.length) - 1));
        baseSite = null;
        sides = ['head'];
        return null;
      }
      if (!failed || side === 'head') return failed;
      return { code: failed.code, message: `the base build (${baseSite}) could not be measured: ${failed.message}` };
    };
    const began = now();
    for (let run = 1; run <= maxRuns && !flowError; run++) {
      const turn: Side[] = run % 2 === 1 ? sides : [...sides].reverse();
      for (const [position, side] of turn.entries()) {
        // Chrome may be closed after the last run of all; while probing, the base's runs may follow any head run.
        const more = index < flows.length - 1 || pages.length > 0 || run < maxRuns || position < turn.length - 1 || probing;
        flowError = await measureRun(side, run, more);
        if (flowError) break;
        if (side === 'base' || !probing || !sameFiles) continue;
        const before = alike;
        alike = await sameFiles.alike();
        const next = afterProbe(flow.name, run, flow.runs, before, alike);
        if (next === 'head only') {
          sides = ['head'];
          break;
        }
        if (next === 'probe on') continue;
        probing = false;
        if (next === 'catch up') {
          sides = ['base', 'head'];
          for (let baseRun = 1; baseRun <= run && !flowError && baseSite; baseRun++) flowError = await measureRun('base', baseRun, true);
        }
      }
      if (flowError || run < flow.runs) continue;
      const open = options.flowNeedsMore?.(index, stepResults().steps) ?? [];
      if (maxRuns === flow.runs) continue;
      if (open.length === 0) {
        progress.note(`  ${flow.name}: clear after ${run} runs${perSide()}`);
        break;
      }
      if (run === maxRuns) {
        stopped = 'maxRuns';
        progress.note(`  ${flow.name}: still open after ${run} runs${perSide()} (the most allowed): ${open.join(', ')}`);
        break;
      }
      if (flow.maxMs != null && now() - began >= flow.maxMs) {
        stopped = 'time';
        progress.note(
          `  ${flow.name}: the time limit of ${Math.round(flow.maxMs / 1000)} s is reached after ${run} runs${perSide()}; still open: ${open.join(', ')}`,
        );
        break;
      }
      progress.extend(sides.length);
    }
    const { steps, unmatched, took } = stepResults();
    const headRun = representativeFlowRun(measured.head);
    const representative = flowResults.head[headRun];
    /** The representative run's trace of the step of this name and mode, moved to reports/ (its index in the run's steps names it). */
    const stepTrace = async (side: Side, run: number, step: PageResult, name: string) => {
      const at = (measured[side][0] ?? []).findIndex((s) => s.name === step.flow?.step && s.mode === step.flow?.mode);
      if (at < 0) return null;
      return keptTrace(
        outDir,
        stepTraces[side].map((traces) => traces[at] ?? null),
        run,
        `${name}.step-${at + 1}.trace.json`,
      );
    };
    if (representative) {
      const reports = await writeReports(outDir, `${slug}.flow`, representative, lighthouse.flowHtmlReport);
      for (const step of steps) {
        const trace = step.error ? null : await stepTrace('head', headRun, step, `${slug}.flow`);
        step.reports = trace ? { ...reports, trace } : reports;
      }
      allSamples.push(...measured.head.flat().map((s) => s.sample));
    }
    const baseRun = representativeFlowRun(measured.base);
    const baseReport = flowResults.base[baseRun];
    if (baseReport && steps.some((step) => step.base)) {
      const reports = await writeReports(outDir, `${slug}.base.flow`, baseReport, lighthouse.flowHtmlReport);
      for (const step of steps) {
        if (!step.base) continue;
        const trace = await stepTrace('base', baseRun, step, `${slug}.base.flow`);
        step.base.reports = trace ? { ...reports, trace } : reports;
      }
    }
    // As a page's: only the representative run's traces are kept.
    for (const file of [...stepTraces.head, ...stepTraces.base].flat()) if (file) await rm(file, { force: true });
    if (unmatched.length > 0) progress.note(`  ${flow.name}: on the base build the flow took other steps (${took}); not compared: ${unmatched.join(', ')}`);
    if (notInBase && !flowError) for (const step of steps) step.notInBase = notInBase;
    if (alike && !flowError) for (const step of steps) step.identicalBase = alike;
    return steps;
  };

  try {
    // Flows first, so that the pages are sampled with the flows' comparisons in their family; results and samples list the pages first.
    const flowResults: PageResult[] = [];
    for (const [index, flow] of flows.entries()) flowResults.push(...(await measureFlow(flow, index, pageSlugs[pages.length + index] as string)));
    const flowSamples = allSamples.splice(0);
    for (const [index, page] of pages.entries()) results.push(await measurePage(page, index, pageSlugs[index] as string));
    await writeFile(path.join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2));
    results.push(...flowResults);
    allSamples.push(...flowSamples);
  } finally {
    await chrome.close();
    progress.stop();
  }
  return { pages: results, samples: allSamples, chromeVersion: chrome.version, chromeLaunches: chrome.launches, secrets };
}

/** Moves the representative run's trace from runs/ to reports/<name>; its path in the output folder, or null without one. */
async function keptTrace(outDir: string, traces: ReadonlyArray<string | null>, representative: number, name: string): Promise<string | null> {
  const from = traces[representative];
  if (!from) return null;
  const to = path.join('reports', name);
  await rename(from, path.join(outDir, to));
  return to;
}

/** Writes a result as reports/<name>.json and .html (a page's `<slug>.report`, a flow's `<slug>.flow`). */
async function writeReports<T>(outDir: string, name: string, result: T, htmlReport: (result: T) => string): Promise<ReportFiles> {
  const json = path.join('reports', `${name}.json`);
  const html = path.join('reports', `${name}.html`);
  await writeFile(path.join(outDir, json), JSON.stringify(result, null, 2));
  await writeFile(path.join(outDir, html), htmlReport(result));
  return { json, html };
}
