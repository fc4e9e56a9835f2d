import type { ScreenEmulation, Throttling, ThrottlingMethod } from '../config/model.js';
import type { CategoryId, FormFactor } from '../types.js';
import type { FoundPage } from './site-pages.js';

/** How the site init found is served: a built folder, a command and the URL it serves, or a site already running. */
export type StarterSite = { staticDir: string; singlePageApplication?: true } | { command: string; url: string } | { baseUrl: string };

/** What pages.json takes over from another tool's config (Lighthouse CI's), beside the site and its pages. */
export interface StarterSettings {
  formFactor?: FormFactor | null;
  throttlingMethod?: ThrottlingMethod | null;
  throttling?: Throttling | null;
  screenEmulation?: ScreenEmulation | null;
  emulatedUserAgent?: string | false | null;
  locale?: string | null;
  /** Lighthouse categories run besides performance and those budgets score. */
  categories?: CategoryId[] | null;
  /** Lighthouse audits not run. */
  skipAudits?: string[] | null;
  /** How long a page may take to paint and load, when not perfgate's default. */
  timeoutMs?: number | null;
  headers?: Record<string, string> | null;
  blockedUrlPatterns?: string[] | null;
  chromeFlags?: string[] | null;
  /** A login setup module for every page, relative to pages.json. */
  setup?: string | null;
}

/** pages.json for the site and its pages (5 to 15 runs per page, sampled until clear). */
export function starterPages(site: StarterSite, pages: readonly FoundPage[], settings: StarterSettings = {}): object {
  return {
    $schema: './node_modules/perfgate/schema/pages.schema.json',
    ...site,
    sampling: { minRuns: 5, maxRuns: 15 },
    formFactor: settings.formFactor ?? 'mobile',
    ...(settings.throttlingMethod ? { throttlingMethod: settings.throttlingMethod } : {}),
    ...(settings.throttling ? { throttling: settings.throttling } : {}),
    ...(settings.screenEmulation ? { screenEmulation: settings.screenEmulation } : {}),
    ...(settings.emulatedUserAgent != null ? { emulatedUserAgent: settings.emulatedUserAgent } : {}),
    ...(settings.locale != null ? { locale: settings.locale } : {}),
    ...(settings.categories?.length ? { categories: settings.categories } : {}),
    ...(settings.skipAudits?.length ? { skipAudits: settings.skipAudits } : {}),
    ...(settings.timeoutMs != null ? { timeoutMs: settings.timeoutMs } : {}),
    ...(settings.headers ? { headers: settings.headers } : {}),
    ...(settings.blockedUrlPatterns ? { blockedUrlPatterns: settings.blockedUrlPatterns } : {}),
    ...(settings.chromeFlags?.length ? { chromeFlags: settings.chromeFlags } : {}),
    ...(settings.setup ? { setup: settings.setup } : {}),
    pages: pages.map((p) => (p.url ? { name: p.name, url: p.url } : { name: p.name, path: p.path })),
  };
}

/** lighthouserc.cjs: Lighthouse CI's config from the same two files (CommonJS, so it loads in any project). */
export const STARTER_LIGHTHOUSERC = `// Lighthouse CI's config, generated from pages.json and budgets.json by perfgate, so that
// \`lhci autorun\` and \`perfgate run\` enforce the same budgets on the same pages.
module.exports = require('perfgate/lhci').lhciConfig();
`;

/** The file init writes for a Lighthouse CI puppeteerScript: perfgate's login setup around it. */
export const PUPPETEER_SETUP_FILE = 'perfgate-setup.cjs';

/** perfgate-setup.cjs: Lighthouse CI's puppeteerScript (a path relative to it, "./login.js") as perfgate's login setup. */
export function puppeteerSetup(script: string): string {
  return `// Lighthouse CI's puppeteerScript as perfgate's login setup (written by perfgate init): perfgate runs it
// once before measuring, and each measured run starts with the cookies and storage it leaves.
module.exports = require('perfgate/lhci').setupFromPuppeteerScript(require(${JSON.stringify(script)}));
`;
}

/**
 * Lighthouse CI's config files, in the order \`lhci\` looks for them (@lhci/utils, lighthouserc.js):
 * it reads the first it finds, so a new lighthouserc.cjs would hide any of the others.
 */
export const LHCI_CONFIG_FILES = [
  '.lighthouserc.cjs',
  'lighthouserc.cjs',
  '.lighthouserc.js',
  'lighthouserc.js',
  '.lighthouserc.json',
  'lighthouserc.json',
  '.lighthouserc.yml',
  'lighthouserc.yml',
  '.lighthouserc.yaml',
  'lighthouserc.yaml',
];

/**
 * The GitHub workflow: perfgate's action on every pull request, side by side with the merge base;
 * a site that is already running (baseUrl) cannot be built at the merge base, so its pull requests
 * are compared with the results the last push to main stored. Without a site (null), a library's:
 * the action measures its bundles alone.
 */
export function starterWorkflow(site: StarterSite | null, build: string): string {
  const served =
    site && 'command' in site
      ? '\n          # The base build is served by the same command on another port.\n          base-command: PORT=4174 ' +
        site.command +
        '\n          base-url: ' +
        site.url.replace(/:\d+/, ':4174')
      : '';
  const steps =
    site && 'baseUrl' in site
      ? `      # pages.json measures ${site.baseUrl}, a site that is already running: pull requests are
      # compared with the results the last push to main stored.
      - uses: perfgate/perfgate@v1
        with:
          base: stored
          status: true`
      : `      - run: ${build}
      - uses: perfgate/perfgate@v1
        with:
          base-build: ${build}
          status: true${served}`;
  const how =
    site === null
      ? "the bundles of the merge base and the pull request measured side by side\n# (no pages.json: perfgate size on size-limit's config)"
      : 'baseUrl' in site
        ? 'the pull request measured against the stored results of main'
        : 'the merge base and the pull request measured side by side on\n# this runner';
  return `# perfgate on every pull request: ${how}, one review comment, the commit status, annotations for broken budgets.
name: perfgate

on:
  pull_request:
  push:
    branches: [main]

permissions:
  contents: read
  pull-requests: write
  statuses: write

jobs:
  perfgate:
    runs-on: ubuntu-latest
    timeout-minutes: 30
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0 # the merge base, to build it
      - uses: actions/setup-node@v4
        with:
          node-version: 22
          cache: npm
${steps}
`;
}
