import { assertKnownPageNames } from '../known-page-names.js';
import type { PagesConfig } from './model.js';

/**
 * The pages and user flows of pages.json that `--page` names (each a page's or a flow's name), in
 * pages.json's order; all of them without `--page`. A name that is neither is a UserError (exit 2)
 * naming the closest name and the file's names.
 */
export function selectPages(config: PagesConfig, names: readonly string[] | undefined): PagesConfig {
  if (!names || names.length === 0) return config;
  const known = [...config.pages.map((p) => p.name), ...config.flows.map((f) => f.name)];
  assertKnownPageNames(names, known, config.file);
  const chosen = new Set(names);
  return { ...config, pages: config.pages.filter((p) => chosen.has(p.name)), flows: config.flows.filter((f) => chosen.has(f.name)) };
}
