/**
 * Lighthouse CI's `collect` keys that perfgate has no counterpart for, and what it does instead
 * (rules as data): `perfgate init` notes each one a config sets, and a command given one of them as
 * a flag (`perfgate run --headful`) answers with the same reason.
 */
const PSI = 'perfgate runs Lighthouse on this machine, never through PageSpeed Insights';
const READY = 'perfgate waits until the URL answers';

export const LHCI_COLLECT_UNMATCHED: Readonly<Record<string, string>> = {
  headful: 'perfgate runs Chrome headless',
  method: PSI,
  psiApiKey: PSI,
  psiApiEndpoint: PSI,
  psiStrategy: PSI,
  startServerReadyPattern: READY,
  startServerReadyTimeout: READY,
  staticDirFileDiscoveryDepth: 'perfgate looks for pages at any depth',
  additive: 'perfgate keeps the runs of each measurement apart, in its own output folder (--out, default .perfgate)',
  disableStorageReset: 'perfgate runs each page in a fresh profile',
};

/**
 * Lighthouse CI's `collect` keys whose perfgate counterpart a user sets by hand, and what perfgate
 * does without it: `perfgate init` notes them, and pages.json names them when written there.
 */
export const LHCI_COLLECT_BY_HAND: Readonly<Record<'numberOfRuns' | 'chromePath', string>> = {
  numberOfRuns: 'perfgate samples 5 to 15 runs per page until every budget is clear ("sampling" in pages.json)',
  chromePath: 'perfgate finds Chrome itself, or reads CHROME_PATH',
};
