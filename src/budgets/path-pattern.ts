/**
 * robots.txt-style path patterns, with the rules and matching of Lighthouse budgets:
 * a pattern starts with "/", may hold one "*" (any characters) and may end with "$" (end of path).
 * Without "$" a pattern matches by prefix. Patterns match the URL's path plus query string.
 */

/** Why a pattern is invalid, or null when it is fine. */
export function patternProblem(pattern: string): string | null {
  if (!pattern.startsWith('/')) return 'a path pattern must start with "/"';
  if ((pattern.match(/\*/g) ?? []).length > 1) return 'a path pattern may contain only one "*"';
  if ((pattern.match(/\$/g) ?? []).length > 1) return 'a path pattern may contain only one "$"';
  if (pattern.includes('$') && !pattern.endsWith('$')) return '"$" may only end a path pattern';
  return null;
}

/** Path and query of a URL, or the input itself when it is already a path. */
export function urlPath(url: string): string {
  if (url.startsWith('/')) return url;
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
}

/** Whether the URL (or path) matches the pattern. */
export function matchesPattern(url: string, pattern: string): boolean {
  return matchesPath(urlPath(url), pattern);
}

/** Whether a path (with its query string, if any) matches the pattern; the RUM snippet bundles this. */
export function matchesPath(target: string, pattern: string): boolean {
  const anchored = pattern.endsWith('$');
  const body = anchored ? pattern.slice(0, -1) : pattern;
  const star = body.indexOf('*');
  const before = star < 0 ? body : body.slice(0, star);
  if (!target.startsWith(before)) return false;
  if (star < 0) return !anchored || target.length === before.length;
  const rest = target.slice(before.length);
  const after = body.slice(star + 1);
  return anchored ? rest.endsWith(after) : rest.includes(after);
}

/** The last entry whose `path` matches the URL (Lighthouse's rule: last match wins), or undefined. */
export function lastMatch<T extends { path: string }>(entries: readonly T[], url: string): T | undefined {
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i] as T;
    if (matchesPattern(url, entry.path)) return entry;
  }
  return undefined;
}
