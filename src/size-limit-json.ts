import type { BundleMeasure } from './bundles.js';
import type { BundleBudget } from './config/model.js';
import type { Verdict } from './types.js';

/** One check of `size-limit --json`'s output: its name, whether it passed, its size in bytes, and its times in seconds. */
export interface SizeLimitJsonCheck {
  name: string;
  /** Absent for a check without a limit, as size-limit leaves it out. */
  passed?: boolean;
  size: number;
  /** The size limit in bytes (perfgate's error level), when the bundle has one. */
  sizeLimit?: number;
  running?: number;
  loading?: number;
}

/**
 * The bundles as `size-limit --json` prints its checks, so that scripts and actions written for it
 * (andresz1/size-limit-action compares two of them) read perfgate's. A bundle passes unless one of
 * its error levels failed (a warning passes, as perfgate's exit code says); times are in seconds,
 * as size-limit gives them. Pure.
 */
export function sizeLimitJson(budgets: readonly BundleBudget[], measures: readonly BundleMeasure[], verdicts: readonly Verdict[]): SizeLimitJsonCheck[] {
  return budgets.flatMap((budget) => {
    const measure = measures.find((m) => m.name === budget.name);
    if (!measure) return [];
    const failed = verdicts.some((v) => v.kind === 'bundle' && v.page === budget.name && v.status === 'fail');
    const limited = budget.size.warn !== null || budget.size.error !== null || budget.time !== null;
    const check: SizeLimitJsonCheck = { name: budget.name, ...(limited ? { passed: !failed } : {}), size: measure.bytes };
    if (budget.size.error !== null) check.sizeLimit = budget.size.error;
    if (measure.time) {
      if (budget.running) check.running = measure.time.runMs / 1000;
      check.loading = measure.time.loadMs / 1000;
    }
    return [check];
  });
}
