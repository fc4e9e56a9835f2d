import type { RedactRule } from './redact-path.js';

/**
 * Element selectors as the collector stores them: the attribution build's LCP element, INP
 * interaction target and CLS largest shift target. web-vitals names an element by its ids and
 * classes (`html>body>main>div#order-482913>img.hero`), and ids are where apps put record ids,
 * user names and tokens. Before storage every rule below is applied in order, so
 * `div#order-482913` is stored as `div#order-:number`: no personal data, and the rows of a list
 * count as one target instead of filling the day's few named ones.
 */
export interface SelectorRedactRule extends RedactRule {
  /**
   * `anywhere` (the default): every match of the pattern in the selector is replaced. `piece`: each
   * name in it (a tag, an id, a class, an attribute's value, and each part of one between `-` and `_`) that the pattern
   * matches is replaced whole, as a route's path segment is (how `--redact-pattern` applies).
   */
  scope?: 'anywhere' | 'piece';
}

/** Letters and digits on neither side: the rules find whole runs, not the middle of a word. */
export const DEFAULT_SELECTOR_REDACT_RULES: readonly SelectorRedactRule[] = [
  { name: 'email address', pattern: /[\w.+%-]*[\w+%-]@[\w-]+(?:\.[\w-]+)+/g, placeholder: ':email' },
  {
    name: 'UUID',
    pattern: /(?<![0-9a-z])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![0-9a-z])/gi,
    placeholder: ':uuid',
  },
  { name: 'hex string of 16 or more characters', pattern: /(?<![0-9a-z])[0-9a-f]{16,}(?![0-9a-z])/gi, placeholder: ':token' },
  // Only letters and digits count here (no - or _), so long BEM or CSS-module class names stay as they are.
  {
    name: 'token (20+ letters and digits, mixed)',
    pattern: /(?<![0-9a-z=~])(?=[a-z=~]*\d)(?=[\d=~]*[a-z])[0-9a-z=~]{20,}(?![0-9a-z=~])/gi,
    placeholder: ':token',
  },
  { name: 'number of 5 or more digits', pattern: /(?<!\d)\d{5,}(?!\d)/g, placeholder: ':number' },
];

/** A name in a selector: what lies between `>`, `#`, `.`, `-`, `_`, spaces, and the brackets, quotes and `=` of an attribute (`[data-perf="…"]`). */
const PIECE = /[^\s>#.\-_[\]="':(),\\]+/g;

/** The redaction `rules` make, compiled once: a function from a selector as sent to the selector to store. */
export function selectorRedaction(rules: readonly SelectorRedactRule[] = DEFAULT_SELECTOR_REDACT_RULES): (selector: string) => string {
  const steps = rules.map((rule): ((text: string) => string) => {
    if (rule.scope === 'piece') {
      const whole = new RegExp(rule.pattern.source, rule.pattern.flags.replace(/[gy]/g, ''));
      return (text) => text.replace(PIECE, (piece) => (whole.test(piece) ? rule.placeholder : piece));
    }
    const every = rule.pattern.global ? rule.pattern : new RegExp(rule.pattern.source, `${rule.pattern.flags}g`);
    return (text) => text.replace(every, rule.placeholder);
  });
  return (selector) => steps.reduce((text, step) => step(text), selector);
}

/** `selector` with personal-looking ids and classes replaced by `rules` (default DEFAULT_SELECTOR_REDACT_RULES). */
export function redactSelector(selector: string, rules: readonly SelectorRedactRule[] = DEFAULT_SELECTOR_REDACT_RULES): string {
  return (rules === DEFAULT_SELECTOR_REDACT_RULES ? byDefault : selectorRedaction(rules))(selector);
}

const byDefault = selectorRedaction();
