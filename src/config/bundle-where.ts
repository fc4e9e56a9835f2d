import type { BundleBudget } from './model.js';

/** Where a bundle budget is written, for messages: `budgets.json: bundles[2]`, `.size-limit.json: [0]`. */
export const bundleWhere = (configFile: string, bundle: BundleBudget, index: number): string => `${configFile}: ${bundle.at ?? `bundles[${index}]`}`;
