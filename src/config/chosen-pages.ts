import path from 'node:path';
import { UserError } from '../errors.js';
import { loadPages } from './load-pages.js';
import type { PagesConfig } from './model.js';
import { selectPages } from './select-pages.js';
import { urlPages } from './url-pages.js';

/** The command-line flags that choose what is measured: the pages file, `--page` names and `--url` pages. */
export interface PageFlags {
  pages: string;
  page?: string[];
  url?: string[];
}

/** What `run` and `check` measure: pages.json, only the pages `--page` names, or the `--url` pages with pages.json's settings. */
export function chosenPages(flags: PageFlags, cwd: string, env: Record<string, string | undefined>): PagesConfig {
  const file = path.resolve(cwd, flags.pages);
  if (flags.url?.length && flags.page?.length)
    throw new UserError('--url and --page both choose the pages: --page picks pages of pages.json by name, --url measures other URLs instead. Give one.');
  return flags.url?.length ? urlPages(file, flags.url, env) : selectPages(loadPages(file, env), flags.page);
}
