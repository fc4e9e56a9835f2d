import type { NotInBase } from '../types.js';
import { statusOf } from './status-of.js';

/** Answers that say a path does not exist: the page is not in that build. */
const GONE = new Set([404, 410]);

/**
 * The pages new in this pull request: those whose URL on the base's build answers 404 or 410 while
 * their URL on this build does not. A page added by the pull request is then measured alone, not
 * failed for a base that cannot have it. When the base lacks every page it is compared on, the base
 * is more likely wrong (a `--base-dir` that is not the built folder) than every page new: `baseLacksAll`
 * says so, and no page is taken for new, so that each page's base stays an error of its own.
 */
export async function pagesNotInBase(
  pages: ReadonlyArray<{ name: string; url: string; baseUrl?: string | null; headers?: Record<string, string> }>,
  among: typeof pages = pages,
): Promise<{ notInBase: Map<string, NotInBase>; baseLacksAll: boolean }> {
  // A shard judges "every page" among all the run's pages (`among`), not its own share: a shard that
  // holds only the new pages is not a wrong base.
  const found = new Map<string, NotInBase>();
  const compared = among.filter((p) => p.baseUrl);
  let gone = 0;
  for (const page of compared) {
    // Both builds are asked alike, so that a server that is slow on a page's first request (a route
    // compiled on demand) is warmed on both sides, never on the base's alone.
    const status = await statusOf(page.baseUrl as string, page.headers);
    const here = await statusOf(page.url, page.headers);
    if (status === null || !GONE.has(status)) continue;
    gone++;
    if (here !== null && !GONE.has(here)) found.set(page.name, { baseUrl: page.baseUrl as string, status });
  }
  const baseLacksAll = gone > 0 && gone === compared.length;
  const mine = new Map([...found].filter(([name]) => pages.some((p) => p.name === name)));
  return { notInBase: baseLacksAll ? new Map() : mine, baseLacksAll };
}
