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
