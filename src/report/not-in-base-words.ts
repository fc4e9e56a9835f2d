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

type Counted = { name: string; notInBase?: NotInBase; flow?: { name: string } };

/** Pages and user flows counted, a flow once for all its steps: "2 pages and 1 user flow", with `adjective` ("new ") before each noun; null for none. */
export function pagesAndFlows(pages: readonly Counted[], adjective = ''): string | null {
  const count = (n: number, noun: string) => (n > 0 ? [`${n} ${adjective}${noun}${n === 1 ? '' : 's'}`] : []);
  const parts = [
    ...count(pages.filter((p) => !p.flow).length, 'page'),
    ...count(new Set(pages.flatMap((p) => (p.flow ? [p.flow.name] : []))).size, 'user flow'),
  ];
  return parts.length > 0 ? parts.join(' and ') : null;
}

/** The pages and user flows new in the pull request, measured alone: "1 new page", "2 new pages and 1 new user flow"; null for none. */
export const newInPullRequest = (pages: readonly Counted[]): string | null =>
  pagesAndFlows(
    pages.filter((p) => p.notInBase),
    'new ',
  );
