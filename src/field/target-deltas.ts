import { bucketOf } from './histogram.js';
import type { InpPhases } from './summary.js';
import type { FieldMetricName } from './wire.js';

/**
 * Distinct targets kept per UTC day, page and metric; later new targets of that day count as
 * OTHER_TARGET. Bounds what the public can make the collector store, whatever selectors it sends:
 * the common targets of a page come within the day's first loads.
 */
export const TARGETS_PER_DAY = 10;

/** The target of the samples past TARGETS_PER_DAY new targets in a day (not a selector web-vitals makes). */
export const OTHER_TARGET = '(other)';

/**
 * The target of INP samples whose interaction web-vitals could name no element for (it was removed
 * from the page after the interaction, as re-rendering UIs do, or lies in a shadow root); kept so
 * that their phases count.
 */
export const UNNAMED_TARGET = '(unnamed element)';

/** One day, page and metric: where a batch needs the targets already counted. */
export interface TargetKey {
  day: number;
  page: string;
  metric: FieldMetricName;
}

/** A change of one target's histogram bucket of one day, page and metric, with its INP phase sums. */
export interface TargetDelta extends TargetKey {
  target: string;
  bucket: number;
  count: number;
  /** Samples that came with INP phases, and their sums in ms. */
  phased: number;
  inputDelay: number;
  processingDuration: number;
  presentationDelay: number;
}

/** A sample as the target rollup counts it. */
export interface TargetedSample extends TargetKey {
  target: string | null;
  phases: InpPhases | null;
  value: number;
}

export const targetKeyText = (k: TargetKey): string => `${k.day}\u0000${k.page}\u0000${k.metric}`;

/**
 * The targets a batch counts, per day, page and metric, capped at TARGETS_PER_DAY: starts from the
 * targets the database holds (`known`, by targetKeyText: every day, page and metric the store
 * looked up, with none when it has none) and grows as the batch names new ones. A day, page and
 * metric the store did not look up counts every target as OTHER_TARGET: the cap holds whatever a
 * batch holds.
 */
export class TargetCounter {
  private readonly deltas = new Map<string, TargetDelta>();
  private readonly known: Map<string, Set<string>>;
  /** The targets this batch names for the first time on their day, page and metric (the stores add them to target_names). */
  readonly named: Array<TargetKey & { target: string }> = [];

  constructor(known: ReadonlyMap<string, readonly string[]>) {
    this.known = new Map([...known].map(([key, targets]) => [key, new Set(targets)]));
  }

  /** The target a new sample is counted under: its own, or OTHER_TARGET once the day has TARGETS_PER_DAY others. */
  name(key: TargetKey, target: string): string {
    const text = targetKeyText(key);
    const targets = this.known.get(text);
    if (!targets) return OTHER_TARGET;
    if (targets.has(target)) return target;
    const named = targets.size - (targets.has(OTHER_TARGET) ? 1 : 0);
    const name = named >= TARGETS_PER_DAY ? OTHER_TARGET : target;
    if (!targets.has(name)) {
      targets.add(name);
      this.named.push({ day: key.day, page: key.page, metric: key.metric, target: name });
    }
    return name;
  }

  /** Adds (count 1) or takes away (count -1) a sample whose target is already named. */
  add(sample: TargetedSample, count: 1 | -1): void {
    if (sample.target === null) return;
    const bucket = bucketOf(sample.metric, sample.value);
    const key = `${targetKeyText(sample)}\u0000${sample.target}\u0000${bucket}`;
    const delta =
      this.deltas.get(key) ??
      this.deltas
        .set(key, {
          day: sample.day,
          page: sample.page,
          metric: sample.metric,
          target: sample.target,
          bucket,
          count: 0,
          phased: 0,
          inputDelay: 0,
          processingDuration: 0,
          presentationDelay: 0,
        })
        .get(key)!;
    delta.count += count;
    if (sample.phases) {
      delta.phased += count;
      delta.inputDelay += count * sample.phases.inputDelay;
      delta.processingDuration += count * sample.phases.processingDuration;
      delta.presentationDelay += count * sample.phases.presentationDelay;
    }
  }

  /** The changes, without those that cancel out. */
  changes(): TargetDelta[] {
    return [...this.deltas.values()].filter((d) => d.count !== 0 || d.phased !== 0);
  }
}
