import { closest, UserError } from '../errors.js';
import type { PagesConfig } from './model.js';

/**
 * The pages and user flows of pages.json that `--page` names (each a page's or a flow's name), in
 * pages.json's order; all of them without `--page`. A name that is neither is a UserError (exit 2)
 * naming the closest name and the file's names.
 */
export function selectPages(config: PagesConfig, names: readonly string[] | undefined): PagesConfig {
  if (!names || names.length === 0) return config;
  const known = [...config.pages.map((p) => p.name), ...config.flows.map((f) => f.name)];
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0)
    throw new UserError(
      unknown
        .map((name) => {
          const near = closest(name, known);
          return `--page ${JSON.stringify(name)}: ${config.file} has no page or user flow of that name\n  fix: ${near ? `did you mean "${near}"? ` : ''}its names are ${known.map((k) => JSON.stringify(k)).join(', ')}`;
        })
        .join('\n'),
    );
  const chosen = new Set(names);
  return { ...config, pages: config.pages.filter((p) => chosen.has(p.name)), flows: config.flows.filter((f) => chosen.has(f.name)) };
}
