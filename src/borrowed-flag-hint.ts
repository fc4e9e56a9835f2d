/**
 * What a flag of Lighthouse CI or size-limit typed to a perfgate command that lacks it is here
 * (`perfgate run --collect.numberOfRuns=5`, `perfgate run --why`): rules as data, Lighthouse CI's
 * keyed by the flag's name with lhci's section (`collect.`, `assert.`, `upload.`) or without it, as
 * `lhci autorun` and `lhci collect` take it.
 */

import { LHCI_COLLECT_UNMATCHED } from './init/lhci-collect-unmatched.js';
import { LIGHTHOUSE_SETTINGS_RENAMED } from './config/lighthouse-settings.js';

/**
 * Each flag's perfgate counterpart (`use`, where VALUE stands for the flag's value when it was
 * given, else for `placeholder`), or why perfgate has none (`none`).
 */
type Hint = ({ use: string; placeholder?: string } | { none: string }) & { tool?: 'size-limit' };

/** size-limit's flags, which `perfgate size` takes as size-limit does. */
const sizeFlag = (flag: string, placeholder?: string): Hint => ({
  use: `\`perfgate size ${flag}${placeholder ? ' VALUE' : ''}\`, which measures the bundles alone as size-limit does`,
  ...(placeholder ? { placeholder } : {}),
  tool: 'size-limit',
});
const SIZE_LIMIT_CONFIG = /size-limit|package\.json$/;

const RUNS: Hint = {
  use: '`perfgate run --runs VALUE`, a fixed count per page (without it perfgate samples 5 to 15 runs until every budget is clear: "sampling" in pages.json)',
  placeholder: '<n>',
};
const PRESET: Hint = { use: '`perfgate run --preset VALUE`, or "formFactor" in pages.json', placeholder: 'mobile|desktop' };

const HINTS: Record<string, Hint> = {
  ...Object.fromEntries(Object.entries(LHCI_COLLECT_UNMATCHED).map(([key, why]) => [key, { none: why }])),
  config: {
    use: 'pages.json and budgets.json (--pages, --budgets); `perfgate init --lhci-config VALUE` turns a Lighthouse CI config into them once',
    placeholder: 'lighthouserc.js',
  },
  numberOfRuns: RUNS,
  n: RUNS,
  'collect.url': { use: '`perfgate run --url VALUE` (repeatable), or the pages of pages.json', placeholder: '<url>' },
  staticDistDir: { use: '"staticDir" in pages.json (`perfgate init --dir VALUE` writes it with the pages it finds there)', placeholder: '<dir>' },
  startServerCommand: { use: '"command" and "url" in pages.json (`perfgate init --command VALUE --url <url>` writes them)', placeholder: '<cmd>' },
  isSinglePageApplication: { use: '"singlePageApplication": true in pages.json' },
  chromePath: { use: 'the CHROME_PATH environment variable (without it perfgate finds Chrome or Chromium itself)' },
  puppeteerScript: { use: '"setup" in pages.json: a module that logs in once, before the runs (`perfgate init` wraps an lhci script for it)' },
  puppeteerLaunchOptions: { use: '"chromeFlags" in pages.json (perfgate launches Chrome itself)' },
  'settings.formFactor': PRESET,
  'settings.chromeFlags': { use: '"chromeFlags" in pages.json' },
  ...Object.fromEntries(
    Object.entries(LIGHTHOUSE_SETTINGS_RENAMED).map(([name, { key, after }]) => [`settings.${name}`, { use: `"${key}" in pages.json${after ?? ''}` }]),
  ),
  'settings.preset': PRESET,
  settings: {
    use: 'a key of pages.json ("throttling", "screenEmulation", "locale", "skipAudits", ...: the README\'s "Moving from a Lighthouse CI config" lists them)',
  },
  maxAutodiscoverUrls: { use: 'the pages of pages.json (`perfgate init --max-pages VALUE` lists those it finds in the build)', placeholder: '<n>' },
  'assert.preset': { use: 'the "audits" of budgets.json (`perfgate init` writes a preset\'s audits out from a Lighthouse CI config)' },
  assertions: { use: "budgets.json (`perfgate init` imports a Lighthouse CI config's assertions into it)" },
  assertMatrix: { use: "budgets.json, a budget per path pattern (`perfgate init` imports a Lighthouse CI config's matrix into it)" },
  budgetsFile: { use: '--budgets VALUE (a LightWallet budgets file is read as it is)', placeholder: '<file>' },
  includePassedAssertions: { none: "perfgate's results.json holds every budget, passed or not" },
  target: { use: "`perfgate upload --target=VALUE` after the run (it sends perfgate's runs with lhci upload)", placeholder: '<target>' },
  serverBaseUrl: { use: "`perfgate upload --serverBaseUrl=VALUE` after the run (it sends perfgate's runs with lhci upload)", placeholder: '<url>' },
  why: sizeFlag('--why'),
  json: {
    use: 'results.json in the output folder (--out) holds every result; `perfgate size --json` prints the bundles as size-limit --json does',
    tool: 'size-limit',
  },
  watch: sizeFlag('--watch'),
  limit: sizeFlag('--limit', '<limit>'),
  'hide-passed': sizeFlag('--hide-passed'),
  'highlight-less': sizeFlag('--highlight-less'),
  silent: sizeFlag('--silent'),
  'save-bundle': sizeFlag('--save-bundle', '<dir>'),
  'clean-dir': sizeFlag('--clean-dir'),
  'size-limit config': sizeFlag('--config', '<file>'),
  token: { use: "`perfgate upload --token=VALUE` after the run (it sends perfgate's runs with lhci upload)", placeholder: '<token>' },
};

const SECTION = /^(collect|assert|upload)\./;

/**
 * The counterpart of a flag that commander did not know, when it is Lighthouse CI's or size-limit's,
 * as one line; null for any other flag. `args` are the command line's, for a value given apart
 * (`--numberOfRuns 5`); `--config` is size-limit's when its file is a size-limit config.
 */
export function borrowedFlagHint(flag: string, args: readonly string[]): string | null {
  const [typed = '', inline] = flag.split(/=(.*)/s);
  const name = typed.replace(/^--?/, '');
  const bare = name.replace(SECTION, '');
  const at = args.indexOf(flag);
  const apart = at >= 0 ? args[at + 1] : undefined;
  const given = inline ?? (apart !== undefined && !apart.startsWith('-') ? apart : undefined);
  const sizeLimitConfig = name === 'config' && given !== undefined && SIZE_LIMIT_CONFIG.test(given);
  const key = [sizeLimitConfig ? 'size-limit config' : name, bare, bare.startsWith('settings.') ? 'settings' : ''].find(
    (k) => k !== '' && Object.hasOwn(HINTS, k),
  );
  if (key === undefined) return null;
  const hint = HINTS[key] as Hint;
  const tool = hint.tool ?? 'Lighthouse CI';
  if ('none' in hint) return `${typed} is ${tool}'s, with no counterpart in perfgate: ${hint.none}`;
  return `${typed} is ${tool}'s; in perfgate: ${hint.use.replaceAll('VALUE', given ?? hint.placeholder ?? '')}`;
}
