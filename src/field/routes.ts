import type { PagesConfig } from '../config/model.js';

/** A RUM route pattern (robots.txt style, as in budgets.json) and the name samples get. */
export interface RumRoute {
  pattern: string;
  name: string;
}

/**
 * Route patterns for the RUM snippet from pages.json, so that field samples carry the same page
 * names as lab results: each page's exact path becomes a pattern ending in "$".
 */
export function rumRoutes(pages: PagesConfig): RumRoute[] {
  return pages.pages.map((page) => ({ pattern: `${page.path ?? new URL(page.url as string).pathname}$`, name: page.name }));
}
