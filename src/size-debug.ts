import type { BundleMeasure } from './bundles.js';
import type { BundleBudget } from './config/model.js';

/** What `perfgate size --debug` prints for an issue report: versions, where the checks were read, each check as read and its measurement. */
export interface SizeDebug {
  perfgate: string;
  node: string;
  platform: string;
  cwd: string;
  /** The file the checks were read from: budgets.json, size-limit's config, or package.json. */
  config: string;
  /** Each check as perfgate read it (a `modify…Config` function named, not shown). */
  checks: Array<Omit<BundleBudget, 'bundler'> & { bundler?: Omit<NonNullable<BundleBudget['bundler']>, 'modify'> & { modify: string | null } }>;
  /** Each check's measurement, or null when measuring failed. */
  measures: BundleMeasure[] | null;
}

/** The --debug report of one measurement (as size-limit --debug prints its internal config). Pure. */
export function sizeDebug(
  about: { version: string; node: string; platform: string; cwd: string; config: string },
  bundles: readonly BundleBudget[],
  measures: readonly BundleMeasure[] | null,
): SizeDebug {
  return {
    perfgate: about.version,
    node: about.node,
    platform: about.platform,
    cwd: about.cwd,
    config: about.config,
    checks: bundles.map(({ bundler, ...check }) =>
      bundler ? { ...check, bundler: { ...bundler, modify: bundler.modify ? '(a function in the config)' : null } } : check,
    ),
    measures: measures ? [...measures] : null,
  };
}
