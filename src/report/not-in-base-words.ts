import type { NotInBase } from '../types.js';

/** How a renderer writes a URL and other text (markdown: a code span, escaped text). */
interface Writing {
  url: (url: string) => string;
  text: (text: string) => string;
}

const PLAIN: Writing = { url: (url) => url, text: (text) => text };

/** Why a page or flow was measured without a base: "the base's build answered 404 at http://…/new/". */
export const notInBaseWords = (n: NotInBase, write: Writing = PLAIN): string =>
  n.status !== null
    ? `the base's build answered ${n.status} at ${write.url(n.baseUrl)}`
    : `the base's build could not run this flow${n.error ? ` (${write.text(`${n.error.code}: ${n.error.message}`)})` : ''}`;

/** The pages and user flows new in the pull request, measured alone: "1 new page", "2 new pages and 1 new user flow"; null for none. */
export function newInPullRequest(pages: ReadonlyArray<{ name: string; notInBase?: NotInBase; flow?: { name: string } }>): string | null {
  const fresh = pages.filter((p) => p.notInBase);
  const count = (n: number, noun: string) => (n > 0 ? [`${n} new ${noun}${n === 1 ? '' : 's'}`] : []);
  const parts = [
    ...count(fresh.filter((p) => !p.flow).length, 'page'),
    ...count(new Set(fresh.flatMap((p) => (p.flow ? [p.flow.name] : []))).size, 'user flow'),
  ];
  return parts.length > 0 ? parts.join(' and ') : null;
}
