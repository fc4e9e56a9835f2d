import type { BudgetRule } from '../config/model.js';
import { lastMatch, matchesPattern } from './path-pattern.js';

/**
 * The budgets that judge nothing in a run of every page and flow of pages.json, each as a sentence
 * naming it (`where(i)`: `budgets[2]`, or `[2]` in a LightWallet file): a page budget whose pattern
 * matches no page, or whose pages all fall under a later budget (the last matching budget applies,
 * as in Lighthouse's budgets), and a flow budget that names no user flow (`flows` null: flows are
 * not judged here). `among` says where the pages come from. Usually a typo, or an order that puts
 * the catch-all `/*` last.
 */
export function unusedBudgets(
  rules: readonly BudgetRule[],
  pages: ReadonlyArray<{ url: string | null; path: string | null }>,
  flows: ReadonlyArray<{ name: string }> | null,
  where: (index: number) => string,
  among = 'pages.json',
): string[] {
  const urls = pages.map((p) => p.url ?? p.path ?? '/');
  const pageRules = rules.filter((r) => !r.flow);
  const taken = new Set(urls.map((url) => lastMatch(pageRules, url)));
  const flowNames = (flows ?? []).map((f) => f.name);
  return rules.flatMap((rule, i) => {
    if (rule.flow) {
      if (!flows || flowNames.includes(rule.flow.name)) return [];
      const known = flowNames.length > 0 ? `its flows: ${flowNames.map((n) => JSON.stringify(n)).join(', ')}` : 'it has none';
      return [`${where(i)} (flow ${JSON.stringify(rule.flow.name)}) names no user flow of pages.json (${known}), so it judges nothing`];
    }
    if (taken.has(rule)) return [];
    const matched = urls.filter((url) => matchesPattern(url, rule.path));
    if (matched.length === 0) return [`${where(i)} (path ${JSON.stringify(rule.path)}) matches no page of ${among}, so it judges nothing`];
    const later = [...new Set(matched.map((url) => lastMatch(pageRules, url) as BudgetRule))];
    const takers =
      later.length === 1
        ? `${where(rules.indexOf(later[0] as BudgetRule))} (path ${JSON.stringify(later[0]?.path)}) comes after it and takes`
        : 'budgets after it take';
    return [
      `${where(i)} (path ${JSON.stringify(rule.path)}) judges no page: ${takers} ${matched.length === 1 ? 'the page' : 'every page'} it matches (the last matching budget applies; put the broader budget first)`,
    ];
  });
}

/** Where a budget is written, for messages: `budgets[2]`, or `[2]` in a LightWallet file (a list). */
export const budgetWhere =
  (budgets: { format: string }) =>
  (index: number): string =>
    budgets.format === 'lightwallet' ? `[${index}]` : `budgets[${index}]`;
