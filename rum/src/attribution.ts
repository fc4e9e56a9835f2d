import { onCLS, onFCP, onINP, onLCP, onTTFB } from 'web-vitals/attribution';
import { start, type AttributionMapper, type RumOptions, type Vitals } from './start.js';

export type { RumOptions } from './start.js';

/** Options of the attribution build: RumOptions, and how elements are named. */
export interface AttributionRumOptions extends RumOptions {
  /**
   * Name the LCP element, the INP interaction target and the CLS shift target by this attribute of
   * theirs or of their closest ancestor that has it: `img[data-perf="hero"]`, or
   * `[data-perf="product-card"] img` for an element inside one. Elements without fall back to
   * web-vitals' selector. Names you choose carry no ids, and stay the same when the markup around moves.
   */
  targetAttribute?: string;
  /** web-vitals' own `generateTarget`: an element's name, or null/undefined for web-vitals' selector. Wins over targetAttribute. */
  generateTarget?: (element: Node | null) => string | null | undefined;
}

/** Starts field measurement with web-vitals' attribution build: adds the LCP element, INP target and phases, CLS largest shift. */
export function startRum(options: AttributionRumOptions): void {
  const attribute = options.targetAttribute;
  start(options, [onLCP, onCLS, onINP, onFCP, onTTFB] as unknown as Vitals, attributionOf, {
    generateTarget: options.generateTarget ?? (attribute ? (node) => nameByAttribute(node, attribute) : undefined),
  });
}

/**
 * `tag[attribute="value"]` from the element's own attribute, `[attribute="value"] tag` from its
 * closest ancestor's; undefined without, or when `attribute` is no attribute name (never throws into web-vitals).
 */
export function nameByAttribute(node: Node | null, attribute: string): string | undefined {
  try {
    const element = node?.nodeType === 1 ? (node as Element) : node?.parentElement;
    const named = element?.closest(`[${attribute}]`);
    if (!named) return;
    const value = `[${attribute}="${named.getAttribute(attribute)!.replace(/["\\]/g, '\\$&')}"]`;
    const tag = element!.localName;
    return named === element ? tag + value : `${value} ${tag}`;
  } catch {}
}

/** The LCP element, INP interaction target or CLS largest shift target, and INP's phases. */
const attributionOf: AttributionMapper = (a) => {
  const target = a.target ?? a.interactionTarget ?? a.largestShiftTarget;
  const out: ReturnType<AttributionMapper> = typeof target === 'string' ? { target: target.slice(0, 200) } : {};
  for (const key of ['inputDelay', 'processingDuration', 'presentationDelay'] as const) {
    if (typeof a[key] === 'number') out![key] = a[key] as number;
  }
  return out;
};
