import { existsSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import { parsePages } from './load-pages.js';
import type { PagesConfig } from './model.js';
import { readJson } from './read-json.js';
import { urlPageNames } from './url-page-names.js';

type Env = Record<string, string | undefined>;

/**
 * The pages of `--url` (repeatable), as `lhci collect --url` takes them: each a full URL, or a path
 * on pages.json's site. They replace pages.json's pages and user flows; everything else (the site,
 * the runs, the throttling, the headers, the login) still comes from pages.json, or its defaults
 * when there is no pages.json. Pages are named as `urlPageNames` names them.
 */
export function urlPages(file: string, urls: readonly string[], env: Env = {}): PagesConfig {
  const absolute = path.resolve(file);
  const raw = existsSync(absolute) ? readJson(absolute, 'pages file') : {};
  const given = [...new Set(urls)];
  const full = given.filter((u) => !u.startsWith('/'));
  for (const url of full) {
    let parsed: URL | null = null;
    try {
      parsed = new URL(url);
    } catch {}
    if (!parsed || !/^https?:$/.test(parsed.protocol))
      throw new UserError(
        `--url ${JSON.stringify(url)}: not an http(s) URL or a path\n  fix: give a full URL such as http://localhost:3000/pricing/, or a path such as /pricing/ on pages.json's site`,
      );
  }
  const names = urlPageNames(given);
  const pages = given.map((url, i) => ({ name: names[i] as string, ...(url.startsWith('/') ? { path: url } : { url }) }));
  const { pages: _pages, flows: _flows, ...settings } = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const site = ['baseUrl', 'staticDir', 'command'].some((key) => settings[key] !== undefined);
  const onSite = given.find((u) => u.startsWith('/'));
  if (onSite && !site)
    throw new UserError(
      `--url ${JSON.stringify(onSite)}: a path needs a site, and ${existsSync(absolute) ? `${absolute} names none` : `there is no ${absolute}`}\n  fix: give a full URL such as http://localhost:3000${onSite}, or name the site in pages.json ("baseUrl", "staticDir" or "command" with "url")`,
    );
  return parsePages({ ...settings, pages }, absolute, env);
}
