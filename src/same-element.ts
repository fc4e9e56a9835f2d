import { redactSelector } from './field/redact-selector.js';

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
