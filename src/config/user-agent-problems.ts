import type { ConfigProblem } from '../errors.js';

/** Why each user agent pages.json's schema lets through (a string or a boolean, not empty) is still refused, by test (rules as data). */
const RULES: ReadonlyArray<{ refuses: (value: unknown) => boolean; what: string }> = [
  { refuses: (value) => value === true, what: 'is true, which names no user agent' },
  { refuses: (value) => typeof value === 'string' && /[\r\n]/.test(value), what: 'holds a line break, which no request header may' },
];

/**
 * What pages.json's `emulatedUserAgent` may not be beyond its schema's types: `true` names no user
 * agent, and a line break cannot go into the User-Agent header. Written once for pages.json and for
 * the value `perfgate init` imports from a lighthouserc.
 */
export function userAgentProblems(value: unknown): ConfigProblem[] {
  return RULES.filter((rule) => rule.refuses(value)).map((rule) => ({
    where: 'emulatedUserAgent',
    what: rule.what,
    fix: "write the user agent on one line, or false to keep Chrome's own",
  }));
}
