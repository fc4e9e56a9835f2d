import { codeSpan } from './escape.js';

/** Characters that would end or break a markdown link's destination. */
const UNSAFE_IN_LINK = /[\s()<>\\`]/g;

/** A URL as a markdown link's destination: the characters that would end or break it percent-encoded. */
export function linkTarget(url: string): string {
  return url.replace(UNSAFE_IN_LINK, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/**
 * A page's HTML report in the review: under a web address (`--reports-base https://…/`, such as
 * GitLab's artifact browser) a link to it, named by its path; under a folder, its path as code.
 */
export function reportLink(file: string, reportsBase: string): string {
  if (!/^https?:\/\//i.test(reportsBase)) return codeSpan(`${reportsBase}${file}`);
  return `[${codeSpan(file)}](${linkTarget(`${reportsBase}${encodeURI(file)}`)})`;
}
