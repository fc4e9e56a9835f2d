import { bucketOf } from './histogram.js';
import type { InpPhases } from './summary.js';
import type { FieldMetricName } from './wire.js';

/**
 * New distinct targets kept per UTC day, page and metric; later new targets of that day count as
 * OTHER_TARGET. Bounds what the public can make the collector store, whatever selectors it sends:
 * the common targets of a page come within the day's first loads, and the day before's most
 * counted keep their names besides (carried-targets.ts).
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

/** The names of perfgate's own, which take none of a day's TARGETS_PER_DAY places: there is one of each at most. */
export const PLACELESS_TARGETS: ReadonlySet<string> = new Set([OTHER_TARGET, UNNAMED_TARGET]);

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
 * The targets a batch counts, per day, page and metric, capped at TARGETS_PER_DAY new ones: starts
 * from the targets the database holds (`known`, by targetKeyText: every day, page and metric the
 * store looked up, with none when it has none) and grows as the batch names new ones. A day, page
 * and metric the store did not look up counts every target as OTHER_TARGET: the cap holds whatever
 * a batch holds. The day before's most counted targets (`carried`, by the same keys:
 * carried-targets.ts) keep their name beyond the cap, and do not count toward it.
 */
export class TargetCounter {
  private readonly deltas = new Map<string, TargetDelta>();
  private readonly known: Map<string, Set<string>>;
  private readonly carried: Map<string, Set<string>>;
  /** The targets this batch names for the first time on their day, page and metric (the stores add them to target_names). */
  readonly named: Array<TargetKey & { target: string }> = [];

  constructor(known: ReadonlyMap<string, readonly string[]>, carried: ReadonlyMap<string, readonly string[]> = new Map()) {
    this.known = new Map([...known].map(([key, targets]) => [key, new Set(targets)]));
    this.carried = new Map([...carried].map(([key, targets]) => [key, new Set(targets)]));
  }

  /** The target a new sample is counted under: its own, or OTHER_TARGET once the day has TARGETS_PER_DAY new others and it was neither carried nor placeless. */
  name(key: TargetKey, target: string): string {
    const text = targetKeyText(key);
    const targets = this.known.get(text);
    if (!targets) return OTHER_TARGET;
    if (targets.has(target)) return target;
    const carried = this.carried.get(text);
    const fresh = [...targets].filter((t) => !PLACELESS_TARGETS.has(t) && !carried?.has(t)).length;
    const name = carried?.has(target) || PLACELESS_TARGETS.has(target) || fresh < TARGETS_PER_DAY ? target : OTHER_TARGET;
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
