/** A page init found: its name in pages.json and its path on the site. */
export interface FoundPage {
  name: string;
  path: string;
  /** The page's full URL, for a page on another origin than the site's. */
  url?: string;
}

/** HTML files that are not pages people visit. */
const NOT_PAGES = /(^|\/)(404|500|_[^/]*|google[0-9a-f]+)\.html$/i;

/** `about/index.html` → `/about/`, `index.html` → `/`, `blog/post.html` → `/blog/post.html`. */
export function pathOfFile(file: string): string {
  const unix = file
    .split('\\')
    .join('/')
    .replace(/^\.?\//, '');
  return `/${unix.replace(/(^|\/)index\.html$/i, '$1')}`;
}

/** A page's name from its path: `/` is home, `/blog/first-post/` is blog-first-post. */
export function nameOfPath(pagePath: string): string {
  const name = decodeURIComponent(pagePath)
    .replace(/\.html?$/i, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
  return name || 'home';
}

/** Pages for paths given as they are (a site served by a command), named after them, at most `max`. */
export function pagesFromPaths(paths: readonly string[], max: number): FoundPage[] {
  return named([...new Set(paths)].slice(0, max));
}

/**
 * Pages for full URLs: those on `origin` by their path, the others by their whole URL (named
 * after host and path), at most `max`.
 */
export function pagesFromUrls(urls: readonly string[], origin: string, max: number): FoundPage[] {
  const parsed = [...new Set(urls)].slice(0, max).map((u) => new URL(u));
  const pages = named(parsed.map((u) => (u.origin === origin ? `${u.pathname}${u.search}` : `/${u.host}${u.pathname}${u.search}`)));
  return pages.map((page, i) => {
    const url = parsed[i] as URL;
    return url.origin === origin ? page : { ...page, path: `${url.pathname}${url.search}`, url: url.href };
  });
}

/** Names made unique (`docs`, `docs-2`) in order. */
function named(paths: readonly string[]): FoundPage[] {
  const seen = new Map<string, number>();
  return paths.map((p) => {
    const base = nameOfPath(p);
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return { name: count === 1 ? base : `${base}-${count}`, path: p };
  });
}

/**
 * The pages of a built site from its HTML files (paths relative to the folder): the home page
 * first, then the shallowest paths, error pages and verification files left out, at most `max`.
 */
export function pagesFromFiles(files: readonly string[], max: number): FoundPage[] {
  const paths = [...new Set(files.filter((f) => /\.html?$/i.test(f) && !NOT_PAGES.test(f.split('\\').join('/'))).map(pathOfFile))];
  const depth = (p: string) => p.split('/').filter(Boolean).length;
  paths.sort((a, b) => depth(a) - depth(b) || a.localeCompare(b));
  return named(paths.slice(0, max));
}

/**
 * The pages a sitemap lists (its `<loc>` entries, in order), as paths on the site: URLs of other
 * hosts than the first one's are left out, and so is a sitemap index's list of sitemaps.
 */
export function pagesFromSitemap(xml: string, max: number): FoundPage[] {
  if (/<sitemapindex[\s>]/i.test(xml)) return [];
  const urls = [...xml.matchAll(/<loc>\s*([^<\s]+)\s*<\/loc>/gi)].map((m) => (m[1] as string).replace(/&amp;/g, '&'));
  const parsed = urls.filter((u) => URL.canParse(u)).map((u) => new URL(u));
  const host = parsed[0]?.host;
  const paths = [...new Set(parsed.filter((u) => u.host === host).map((u) => `${u.pathname}${u.search}`))];
  return named(paths.slice(0, max));
}
