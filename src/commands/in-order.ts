/**
 * `work` over every item, at most `limit` at a time, the results in the items' order (as
 * Promise.all gives them): for asking a site's pages at once without asking all of them at once.
 */
export async function inOrder<T, R>(items: readonly T[], work: (item: T) => Promise<R>, limit: number): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
