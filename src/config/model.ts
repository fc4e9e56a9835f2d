import type { FieldMetricName } from '../field/wire.js';
import type { AuditOption, CategoryId, ComparisonSettings, FormFactor, Limits, MetricId, ResourceType } from '../types.js';

/** Where the site under test comes from. */
export type Site =
  | { kind: 'none' }
  | { kind: 'baseUrl'; baseUrl: string }
  /** `singlePageApplication`: a path that names no file (and has no file extension) is answered with the folder's index.html. */
  | { kind: 'static'; dir: string; singlePageApplication?: boolean }
  | { kind: 'command'; command: string; url: string; cwd: string };

/** A cookie set in the browser before every measured load of a page. */
export interface CookieSpec {
  name: string;
  value: string;
  /** The cookie's domain, or null for the page's host (or `url`). */
  domain: string | null;
  url: string | null;
  path: string | null;
  httpOnly: boolean;
  secure: boolean;
  sameSite: 'Strict' | 'Lax' | 'None' | null;
}

/** One page to measure, with its effective settings. */
export interface PageSpec {
  name: string;
  /** Path on the site (resolved against the site's URL), or null when `url` is given. */
  path: string | null;
  /** Absolute URL, or null when `path` is given. */
  url: string | null;
  /** Runs (per side, side by side) before the first look at the verdicts; all of them when `maxRuns` equals it. */
  runs: number;
  /** Most runs (per side) while a verdict is still open: sampling until clear. */
  maxRuns: number;
  /** No new run starts after this long on the page (sampling), or null. */
  maxMs: number | null;
  formFactor: FormFactor;
  /** Extra request headers of every measured load: the top-level ones, overridden by name by the page's. */
  headers: Record<string, string>;
  /** Cookies set before every measured load: the top-level ones, overridden by name by the page's. */
  cookies: CookieSpec[];
  /** A run that ends on another URL is measured (true) or the error REDIRECTED (false, the default). */
  allowRedirect: boolean;
  /** Absolute path of the setup module that logs in before this page's runs, or null. */
  setup: string | null;
}

/** One user flow to measure: a module that drives Lighthouse's user-flow API. */
export interface FlowSpec {
  name: string;
  /** Absolute path of the flow module. */
  module: string;
  /** Runs (per side, side by side); with sampling the runs before the first look. */
  runs: number;
  /** Side by side, at most this many runs per side while a comparison is open (the flow's own "runs": exactly that many). */
  maxRuns: number;
  /** Side by side, no new pair starts after this long on the flow. */
  maxMs: number | null;
  formFactor: FormFactor;
  /** The top-level headers and cookies, as for a page. */
  headers: Record<string, string>;
  cookies: CookieSpec[];
  /** Absolute path of the setup module that logs in before the flow's runs, or null. */
  setup: string | null;
}

/** How Lighthouse throttles (its `throttlingMethod`). */
export type ThrottlingMethod = 'simulate' | 'devtools' | 'provided';

/** Lighthouse's throttling values (its `settings.throttling`), each replacing the form factor preset's. */
export type Throttling = Partial<
  Record<'cpuSlowdownMultiplier' | 'rttMs' | 'throughputKbps' | 'requestLatencyMs' | 'downloadThroughputKbps' | 'uploadThroughputKbps', number>
>;

/** Lighthouse's screen emulation values pages.json may set (its `settings.screenEmulation`; `mobile` follows the form factor). */
export type ScreenEmulation = Partial<{ width: number; height: number; deviceScaleFactor: number; disabled: boolean }>;

/** pages.json, validated. */
export interface PagesConfig {
  /** Absolute path of the file it came from. */
  file: string;
  site: Site;
  runs: number;
  formFactor: FormFactor;
  /** pages.json's `throttlingMethod`, or null for Lighthouse's default (simulate). */
  throttlingMethod: ThrottlingMethod | null;
  /** pages.json's `throttling`: the values that replace the preset's (empty: the preset's as they are). */
  throttling: Throttling;
  /** pages.json's `screenEmulation`: the values that replace the preset's (empty: the preset's as they are). */
  screenEmulation: ScreenEmulation;
  /** pages.json's `emulatedUserAgent`: the user agent Chrome sends and reports (false: Chrome's own), or null for the form factor preset's. */
  emulatedUserAgent: string | false | null;
  /** pages.json's `locale`: the language of Lighthouse's reports, or null for Lighthouse's (en-US). */
  locale: string | null;
  /** pages.json's `categories`: Lighthouse categories run besides performance and those budgets score (empty: none). */
  categories: CategoryId[];
  /** pages.json's `skipAudits`: Lighthouse audits not run (none perfgate reads; checked against Lighthouse's audits when a run starts). */
  skipAudits: string[];
  /** Lighthouse maxWaitForFcp and maxWaitForLoad; a run is stopped at this plus a margin. */
  timeoutMs: number;
  blockedUrlPatterns: string[];
  /** Chrome flags added to perfgate's own (pages.json "chromeFlags"), checked: none of perfgate's. */
  chromeFlags: string[];
  pages: PageSpec[];
  /** User flows, measured before the pages. */
  flows: FlowSpec[];
  /** Values taken from the environment ("${env:NAME}"): they never appear in any output. */
  secrets: string[];
}

/** One budget entry: limits for the pages whose path matches `path` (last match wins). */
export interface BudgetRule {
  path: string;
  /** A budget of a user flow's steps instead of pages: the flow's name, and one step's name or null for every step. */
  flow?: { name: string; step: string | null };
  timings: Partial<Record<MetricId, Limits>>;
  scores: Partial<Record<CategoryId, Limits>>;
  /** Bytes. */
  resourceSizes: Partial<Record<ResourceType, Limits>>;
  resourceCounts: Partial<Record<ResourceType, Limits>>;
  /** Any other Lighthouse audit, by its id: limits of its score, numeric value or number of items. */
  audits?: Record<string, Partial<Record<AuditOption, Limits>>>;
}

/** How size-limit measures a bundle's size. */
export type Compression = 'brotli' | 'gzip' | 'none';

/** One bundle budget: built files measured by size-limit. */
export interface BundleBudget {
  name: string;
  /** Globs as written, relative to `baseDir`. */
  patterns: string[];
  /** Folder of the budgets file; patterns are relative to it. */
  baseDir: string;
  compression: Compression;
  /** Size limits in bytes; both null (and no time) for a size-limit check without a limit, which is measured and reported only. */
  size: Limits;
  /** Total time limits in ms (loading + running), or null for no time budget. */
  time: Limits | null;
  /** With a time budget: run the JS in headless Chrome too. */
  running: boolean;
  /** Where it is written, for messages: `[2]` in size-limit's config; `bundles[2]` (its index) in budgets.json when absent. */
  at?: string;
  /** The network of the loading time, when size-limit's `time` option sets one (else slow 3G, 50 kB/s without latency). */
  network?: BundleNetwork;
  /** Words for people when the bundle's size or time does not pass (size-limit's `message`): where to look, whom to ask. */
  message?: string;
  /** Say how far below its limit it is when it passes, in perfgate size's table, as size-limit does unasked for a limit written in bytes ("500 B"). */
  highlightLess?: true;
  /** A check of size-limit's that its esbuild or webpack plugin bundles before it is measured (a library's `import`), as size-limit does. */
  bundler?: BundlerCheck;
  /**
   * Put before each file's path relative to `baseDir` to name it: a base build's bundle measured in
   * another folder names its files as the pull request's bundle names the same files.
   */
  namePrefix?: string;
}

/** The network size-limit computes a bundle's loading time on. */
export interface BundleNetwork {
  /** Its speed; null for size-limit's slow 3G (50 kB/s). */
  bytesPerSecond: number | null;
  /** Added to every loading time. */
  latencyMs: number;
  /** What it is called, as size-limit's `loadingMessage` says it ("on fast 4G"); null to name it by its speed. */
  message: string | null;
}

/** size-limit's plugins that bundle a check before its size is measured. */
export type Bundler = 'esbuild' | 'webpack';

/** What size-limit's bundler plugin reads of a check it bundles, as written in size-limit's config. */
export interface BundlerCheck {
  bundler: Bundler;
  /** What is imported from which file (relative to `baseDir`) or package (a peer dependency): size-limit's `import`, as an object. */
  import: Record<string, string> | null;
  /** Packages left out of the bundle: the package's peerDependencies, then the check's `ignore`, as size-limit adds them. */
  ignore: string[];
  /** The bundler's config file (size-limit's `config`), relative to `baseDir`. */
  config: string | null;
  /** size-limit's `modifyEsbuildConfig` or `modifyWebpackConfig`, from a config in JavaScript. */
  modify: ((config: unknown) => unknown) | null;
  /** webpack: the entry points of `config` whose files are measured (all when null). */
  entry: string[] | null;
  /** webpack: module concatenation turned off. */
  disableModuleConcatenation: boolean;
}

export type { ComparisonSettings } from '../types.js';

export const DEFAULT_COMPARISON: ComparisonSettings = { alpha: 0.05, minRelative: 0.05, minMs: 50, minCls: 0.01, maxIncrease: {} };

/** budgets.json, validated (a LightWallet array is converted into this). */
export interface BudgetsConfig {
  file: string;
  /** Which format the file was written in. */
  format: 'perfgate' | 'lightwallet';
  budgets: BudgetRule[];
  bundles: BundleBudget[];
  /** The file the bundles were read from: the budgets file, or size-limit's config beside it. */
  bundlesFile: string;
  comparison: ComparisonSettings;
  /** Field budgets: p75 limits per metric (ms, CLS unitless), for every page. */
  field: Partial<Record<FieldMetricName, Limits>>;
}

export const DEFAULT_RUNS = 5;
/** Most runs (per side) a sampled page takes while a verdict is still open. */
export const DEFAULT_MAX_RUNS = 15;
export const DEFAULT_TIMEOUT_MS = 45_000;
