/**
 * Route names as the collector stores them. A route name is meant to name a page ("home",
 * "/products/*" or a path), but a raw path can carry personal data: `/reset/<token>`,
 * `/u/jane@example.com`, `/orders/482913`. Before storage the query string and fragment are cut
 * off, and every path segment that looks like one of the kinds below is replaced by its
 * placeholder. Rules are data: `redactPath(page, rules)` with rules of your own, or none.
 */
export interface RedactRule {
  /** What the rule finds, for the docs and logs. */
  name: string;
  /** Tested against each whole path segment (between slashes), after percent-decoding. */
  pattern: RegExp;
  placeholder: string;
}

/** The default rules, in the order they are tried. */
export const DEFAULT_REDACT_RULES: readonly RedactRule[] = [
  { name: 'email address', pattern: /^[^@\s]+@[^@\s]+$/, placeholder: ':email' },
  { name: 'UUID', pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, placeholder: ':uuid' },
  { name: 'number of 5 or more digits', pattern: /^\d{5,}$/, placeholder: ':number' },
  { name: 'hex string of 16 or more characters', pattern: /^[0-9a-f]{16,}$/i, placeholder: ':token' },
  // Long strings that mix letters and digits (base64url, JWT pieces, session ids); words and slugs have no digits run through them.
  { name: 'token (20+ characters of letters, digits, - _ . = mixed with digits)', pattern: /^(?=.*\d)(?=.*[a-z])[\w\-.=~]{20,}$/i, placeholder: ':token' },
];

const decode = (segment: string) => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

/** The route name to store: no query string or fragment, and personal-looking segments replaced. */
export function redactPath(page: string, rules: readonly RedactRule[] = DEFAULT_REDACT_RULES): string {
  const cut = page.replace(/[?#].*$/s, '');
  if (rules.length === 0) return cut;
  return cut
    .split('/')
    .map((segment) => {
      const text = decode(segment);
      return rules.find((rule) => rule.pattern.test(text))?.placeholder ?? segment;
    })
    .join('/');
}
