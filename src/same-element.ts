import { redactSelector } from './field/redact-selector.js';

/** How the lab's LCP element and a field target compare: the same element, another, or one the lab cannot check. */
export type ElementMatch = 'same' | 'other' | 'unknown';

/** The lab's element as elementMatch reads it: Lighthouse's selector, and its start tag when Lighthouse gave one. */
export interface LabElementRef {
  selector: string;
  snippet?: string;
}

/**
 * Whether Lighthouse's selector of an element and web-vitals' (the attribution build's) can name the
 * same element. The two write selectors differently: Lighthouse up to four levels, `tag`, `tag#id`
 * or `tag.firstClass`, joined by ` > `; web-vitals every level up to the nearest id (`#id` alone),
 * each `tag.class.class` with all classes sorted, joined by `>`, cut to its last 100 characters.
 * They agree when every level both give, counted from the element up, agrees. The collector stores
 * web-vitals' selector redacted (`#order-:number` for `#order-482913`), so the lab's is also tried
 * as the default rules redact it.
 */
export function sameElement(labSelector: string, fieldSelector: string): boolean {
  return sameAsWritten(labSelector, fieldSelector) || sameAsWritten(redactSelector(labSelector), fieldSelector);
}

/** The attribution build's name by an attribute (`targetAttribute`): `tag[attr="value"]`, or `[attr="value"] tag` for an element inside one. */
const ATTRIBUTE_NAME = /^([a-z][a-z0-9-]*)?\[([^\s"=\]]+)="((?:[^"\\]|\\.)*)"\](?: ([a-z][a-z0-9-]*))?$/i;
/**
 * web-vitals' own selectors stop at an id (`#id>…`) or are levels of `tag.class.class` (lowercase
 * tags, classes without spaces) joined by `>`; a name of the app's own that is not of that shape
 * (`Product page > hero`) is not read as one.
 */
const WEB_VITALS_SELECTOR = /^(#[^\s>]+|[a-z][a-z0-9-]*(\.[^\s.>]+)*)(>[a-z][a-z0-9-]*(\.[^\s.>]+)*)+$|^#\S/;

/**
 * How the lab's element compares with a field target: web-vitals' selectors as sameElement reads them;
 * a name by attribute of the element itself against the attribute in Lighthouse's snippet of the lab's
 * element; anything else (a name by an ancestor's attribute, a name of the app's own `generateTarget`,
 * `(other)`) is `unknown`.
 */
export function elementMatch(lab: LabElementRef, fieldTarget: string): ElementMatch {
  const named = ATTRIBUTE_NAME.exec(fieldTarget);
  if (named) return attributeMatch(lab, named[1], named[2] as string, (named[3] as string).replace(/\\(.)/g, '$1'), named[4]);
  if (!WEB_VITALS_SELECTOR.test(fieldTarget)) return 'unknown';
  return sameElement(lab.selector, fieldTarget) ? 'same' : 'other';
}

function attributeMatch(lab: LabElementRef, tag: string | undefined, attribute: string, value: string, inside: string | undefined): ElementMatch {
  const labTag = levels(lab.selector).map(labLevel).at(-1)?.tag;
  if (!tag || inside) return inside && labTag && labTag !== inside.toLowerCase() ? 'other' : 'unknown';
  if (labTag !== tag.toLowerCase()) return 'other';
  if (lab.snippet === undefined) return 'unknown';
  const found = new RegExp(`\\s${attribute.replace(/[^\w-]/g, '\\$&')}="([^"]*)"`, 'i').exec(lab.snippet);
  // Past 500 characters of attributes Lighthouse leaves the rest out (`… >`).
  if (!found) return lab.snippet.endsWith('…>') ? 'unknown' : 'other';
  const labValue = unescapeHtml(found[1] as string);
  // Lighthouse cuts long attribute values short with an ellipsis.
  const same = (v: string) => v === value || (labValue.endsWith('…') && value.startsWith(v.slice(0, -1)));
  return same(labValue) || same(redactSelector(labValue)) ? 'same' : 'other';
}

const unescapeHtml = (text: string) =>
  text.replace(/&(quot|amp|lt|gt|#39);/g, (_, name: string) => ({ quot: '"', amp: '&', lt: '<', gt: '>', '#39': "'" })[name] as string);

function sameAsWritten(labSelector: string, fieldSelector: string): boolean {
  const lab = levels(labSelector).map(labLevel);
  const field = levels(fieldSelector).map(fieldLevel);
  if (lab.length === 0 || field.length === 0) return false;
  for (let i = 1; i <= Math.min(lab.length, field.length); i++) {
    if (!sameLevel(lab[lab.length - i]!, field[field.length - i]!)) return false;
  }
  return true;
}

interface Level {
  tag: string | null;
  id: string | null;
  classes: string[];
}

const levels = (selector: string): string[] =>
  selector
    .split('>')
    .map((part) => part.trim())
    .filter(Boolean);

/** `tag`, `tag#id` or `tag.class`. */
function labLevel(part: string): Level {
  const hash = part.indexOf('#');
  if (hash >= 0) return { tag: part.slice(0, hash).toLowerCase() || null, id: part.slice(hash + 1), classes: [] };
  const [tag = '', ...classes] = part.split('.');
  return { tag: tag.toLowerCase(), id: null, classes };
}

/** `#id`, or `tag` with its classes. */
function fieldLevel(part: string): Level {
  if (part.startsWith('#')) return { tag: null, id: part.slice(1), classes: [] };
  const [tag = '', ...classes] = part.split('.');
  return { tag: tag.toLowerCase(), id: null, classes };
}

function sameLevel(lab: Level, field: Level): boolean {
  if (field.id !== null) return lab.id === field.id;
  if (lab.id !== null || lab.tag !== field.tag) return false;
  // Lighthouse names the first class only (or none when the element has none).
  return lab.classes.length === 0 ? field.classes.length === 0 : lab.classes.every((c) => field.classes.includes(c));
}
