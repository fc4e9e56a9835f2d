import { closest } from '../errors.js';
import { METRIC_ALIASES, METRIC_IDS, RESOURCE_TYPES } from '../rules.js';

/**
 * A LightWallet list's entry: which key names what it limits, the names budgets.json takes there
 * (with short names people type), and how its budget is written in budgets.json (rules as data).
 */
const LISTS: Record<
  string,
  { name: string; names: readonly string[]; aliases?: Record<string, string>; limit: (budget: number) => string | number; example: string }
> = {
  timings: {
    name: 'metric',
    names: METRIC_IDS,
    aliases: METRIC_ALIASES,
    limit: (budget) => budget,
    example: '{ "largest-contentful-paint": { "warn": 2500, "error": 4000 } }',
  },
  // LightWallet's sizes are KiB, as Lighthouse reads them.
  resourceSizes: {
    name: 'resourceType',
    names: Object.keys(RESOURCE_TYPES),
    limit: (budget) => `${budget} KiB`,
    example: '{ "script": { "warn": "250 kB", "error": "350 kB" } }',
  },
  resourceCounts: {
    name: 'resourceType',
    names: Object.keys(RESOURCE_TYPES),
    limit: (budget) => budget,
    example: '{ "third-party": { "warn": 10, "error": 20 } }',
  },
};

/**
 * What to write instead of a LightWallet list (`[{ "metric": "interactive", "budget": 5000 }]`)
 * under `key` of a budgets.json budget, which takes an object: the same limits as budgets.json
 * writes them (each an error level, as LightWallet's one level is read; a misspelled or short
 * name as the one meant, when that is clear), or an example when the list's entries do not say
 * them; or the whole file as the LightWallet array, read as it is. null for a key LightWallet does
 * not write as a list.
 */
export function lightWalletListFix(key: string, list: readonly unknown[]): string | null {
  const rule = Object.hasOwn(LISTS, key) ? LISTS[key] : undefined;
  if (!rule) return null;
  const pairs = list.map((item) => {
    const entry = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {};
    const name = entry[rule.name];
    const budget = entry.budget;
    if (typeof name !== 'string' || typeof budget !== 'number' || !Number.isFinite(budget)) return null;
    // A name budgets.json does not take ("lcp") is written as the one it takes, when that is clear.
    const written = rule.names.includes(name) ? name : (closest(name, rule.names, rule.aliases) ?? name);
    return `${JSON.stringify(written)}: ${JSON.stringify(rule.limit(budget))}`;
  });
  const object = pairs.length > 0 && pairs.every((pair) => pair !== null) ? `{ ${pairs.join(', ')} }` : rule.example;
  return `that is a LightWallet budget's list (Lighthouse's budgets); budgets.json writes "${key}": ${object}, or make the whole file the LightWallet array ([{ "path": "/*", "${key}": [...] }]), which perfgate reads as it is`;
}
