import type { ConfigProblem } from '../errors.js';
import { budgetJson } from '../init/budget-json.js';
import { assertBlocksOf, pageAssertions } from '../init/lhci-assertions.js';
import { isObject } from '../init/is-object.js';
import { oneLine } from '../init/compact-json.js';

const IMPORT = "`perfgate init --lhci-config FILE` imports a Lighthouse CI config's assertions into budgets.json";

/** Lighthouse CI's `assert` keys that only a whole config says enough about: its matrix, its preset, the config itself. */
const WHOLE_CONFIG: Record<string, string> = {
  assertMatrix: "Lighthouse CI's assert.assertMatrix: budgets.json writes a budget per path pattern; ",
  preset: 'Lighthouse CI\'s assert.preset: budgets.json writes a preset\'s audits out as "audits"; ',
  assert: 'a Lighthouse CI config\'s "assert": ',
  ci: 'a Lighthouse CI config\'s "ci": ',
};

/**
 * The fix for an unknown key of budgets.json that is Lighthouse CI's: `assertions` (at the top or in
 * a budget, `inBudget`) as the budget perfgate imports from them, written as budgets.json writes it;
 * the keys only a whole lighthouserc says enough about (`assertMatrix`, `preset`, `ci`) pointing to
 * `perfgate init --lhci-config`. null for any other key.
 */
export function lhciAssertFix(key: string, value: unknown, inBudget: boolean): string | null {
  if (key === 'assertions' && isObject(value)) {
    const problems: ConfigProblem[] = [];
    const { rule, skipped } = pageAssertions(assertBlocksOf({ assertions: value }, problems), 'http://localhost/');
    const budget = budgetJson({ ...rule, path: '/*' });
    const { path: _, ...sections } = budget;
    if (problems.length > 0 || Object.keys(sections).length === 0) return `that is Lighthouse CI's assert.assertions: ${IMPORT}, and names what it cannot`;
    const rest = skipped.length > 0 ? `; ${skipped.length} of them ${skipped.length === 1 ? 'has' : 'have'} no budget here (${IMPORT} and says why)` : '';
    // In a budget, its sections alone: `"timings": { ... }, "scores": { ... }`.
    const where = inBudget ? `writes them in this budget: ${oneLine(sections).slice(2, -2)}` : `writes them as a budget: "budgets": [${oneLine(budget)}]`;
    return `that is Lighthouse CI's assert.assertions: budgets.json ${where}${rest}`;
  }
  const whole = !inBudget && Object.hasOwn(WHOLE_CONFIG, key) ? WHOLE_CONFIG[key] : undefined;
  return whole === undefined ? null : `that is ${whole}${IMPORT}`;
}
