import type { FoundPage } from './site-pages.js';

/** How the site init found is served: a built folder, or a command and the URL it serves. */
export type StarterSite = { staticDir: string } | { command: string; url: string };

/** pages.json for the site and its pages (5 to 15 runs per page, sampled until clear). */
export function starterPages(site: StarterSite, pages: readonly FoundPage[]): object {
  return {
    $schema: './node_modules/perfgate/schema/pages.schema.json',
    ...site,
    sampling: { minRuns: 5, maxRuns: 15 },
    formFactor: 'mobile',
    pages: pages.map((p) => ({ name: p.name, path: p.path })),
  };
}

/** lighthouserc.cjs: Lighthouse CI's config from the same two files (CommonJS, so it loads in any project). */
export const STARTER_LIGHTHOUSERC = `// Lighthouse CI's config, generated from pages.json and budgets.json by perfgate, so that
// \`lhci autorun\` and \`perfgate run\` enforce the same budgets on the same pages.
module.exports = require('perfgate/lhci').lhciConfig();
`;

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

/** The GitHub workflow: perfgate's action on every pull request, side by side with the merge base. */
export function starterWorkflow(site: StarterSite, build: string): string {
  const served =
    'command' in site
      ? '\n          # The base build is served by the same command on another port.\n          base-command: PORT=4174 ' +
        site.command +
        '\n          base-url: ' +
        site.url.replace(/:\d+/, ':4174')
      : '';
  return `# perfgate on every pull request: the merge base and the pull request measured side by side on
# this runner, one review comment, the commit status, annotations for broken budgets.
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
      - run: ${build}
      - uses: perfgate/perfgate@v1
        with:
          base-build: ${build}
          status: true${served}
`;
}
