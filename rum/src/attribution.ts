import { onCLS, onFCP, onINP, onLCP, onTTFB } from 'web-vitals/attribution';
import { start, type AttributionMapper, type RumOptions, type Vitals } from './start.js';

export type { RumOptions } from './start.js';

/** Starts field measurement with web-vitals' attribution build: adds the LCP element, INP target and phases, CLS largest shift. */
export function startRum(options: RumOptions): void {
  start(options, [onLCP, onCLS, onINP, onFCP, onTTFB] as unknown as Vitals, attributionOf);
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
