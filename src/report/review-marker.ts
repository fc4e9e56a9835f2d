/** The hidden marker that identifies perfgate's sticky comment (of the repository's one package). */
export const REVIEW_MARKER = '<!-- perfgate-review -->';

/**
 * The hidden marker of one package's review: with an id (monorepos), `<!-- perfgate-review id=web -->`,
 * so that each package keeps a comment of its own; without, the marker every earlier review carried.
 */
export function reviewMarker(id?: string): string {
  return id ? `<!-- perfgate-review id=${id} -->` : REVIEW_MARKER;
}

/** What an id may be: a name or a folder path (`web`, `packages/shop`, `@acme/ui`), which cannot end the marker's comment early. */
const ID = /^[A-Za-z0-9@_][A-Za-z0-9@_./]*(?:-[A-Za-z0-9@_./]+)*$/;

/** Why an id cannot be used, or null when it can. */
export function reviewIdProblem(id: string): string | null {
  if (id.length === 0 || id.length > 100) return 'must be 1 to 100 characters';
  if (!ID.test(id)) return 'may hold letters, digits and . _ / @ -, start with a letter, digit, @ or _, and have no "--" and no trailing "-"';
  return null;
}
