/**
 * The names of pages given as URLs or paths (`perfgate run --url`): each by its path (by host and
 * path when the full URLs are on several hosts), and as given when two would share a name.
 * Every URL must parse (paths start with "/").
 */
export function urlPageNames(given: readonly string[]): string[] {
  const full = given.filter((u) => !u.startsWith('/'));
  const hosts = new Set(full.map((u) => new URL(u).host));
  const nameOf = (url: string) => {
    if (url.startsWith('/')) return url;
    const parsed = new URL(url);
    return `${hosts.size > 1 ? parsed.host : ''}${parsed.pathname}${parsed.search}`;
  };
  const names = given.map(nameOf);
  return names.map((name, i) => (names.indexOf(name) === names.lastIndexOf(name) ? name : (given[i] as string)));
}
