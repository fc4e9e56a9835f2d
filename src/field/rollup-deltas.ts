import { bucketOf } from './histogram.js';
import { dayOf, type DeviceClass, type InpPhases, type StoredSample } from './store.js';
import { PLACELESS_TARGETS, TargetCounter, TARGETS_PER_DAY, targetKeyText, type TargetDelta, type TargetKey } from './target-deltas.js';
import type { FieldMetricName } from './wire.js';

/** A stored sample as a batch write finds it (the row it would replace). */
export interface ExistingSample {
  metricId: string;
  page: string;
  name: FieldMetricName;
  device: DeviceClass;
  value: number;
  receivedAt: number;
  /** The target it was counted under (target-deltas.ts), and its INP phases. */
  target: string | null;
  phases: InpPhases | null;
}

/** A change of one histogram bucket of one day, page, metric and device. */
export interface RollupDelta {
  day: number;
  page: string;
  metric: FieldMetricName;
  device: DeviceClass;
  bucket: number;
  count: number;
}

/** A change of one histogram bucket of one day, page and metric, all devices together. */
export type RollupAllDelta = Omit<RollupDelta, 'device'>;

/**
 * New samples of one day, page and metric (the dashboard ranks pages by them). Every batch that
 * changes a day, page and metric's histogram has one, with count 0 when it only moved samples
 * between buckets: writing it forgets the day's kept p75 (daily-p75.ts).
 */
export interface PageDayDelta {
  day: number;
  page: string;
  metric: FieldMetricName;
  count: number;
}

/** What one batch does: rows to insert, rows to update in place, and the histogram and page-day count changes. */
export interface BatchPlan {
  inserts: StoredSample[];
  /** A repeated metric id: the row keeps its day, page and device, and takes the new value. */
  updates: Array<{ sample: StoredSample; existing: ExistingSample }>;
  rollups: RollupDelta[];
  /** The same changes without the device (what the dashboard, compare and 'all' rows read). */
  rollupsAll: RollupAllDelta[];
  pageDays: PageDayDelta[];
  /** The attribution targets' histogram changes (target-deltas.ts). */
  targets: TargetDelta[];
  /** Targets named for the first time on their day, page and metric. */
  targetNames: Array<TargetKey & { target: string }>;
}

/** The day, page and metric a sample counts under: its own, or for a repeated id the row's it replaces. */
const countedUnder = (sample: StoredSample, old: ExistingSample | undefined): TargetKey =>
  old ? { day: dayOf(old.receivedAt), page: old.page, metric: old.name } : { day: dayOf(sample.receivedAt), page: sample.page, metric: sample.name };

/**
 * The days, pages and metrics whose known targets a batch may need, before its repeated ids are
 * known: each targeted sample's own and the day before (a page left open over midnight).
 */
export function candidateTargetKeys(samples: readonly StoredSample[]): TargetKey[] {
  const keys = new Map<string, TargetKey>();
  for (const sample of samples) {
    if (!sample.target) continue;
    for (const day of [dayOf(sample.receivedAt), dayOf(sample.receivedAt) - 1]) {
      const key = { day, page: sample.page, metric: sample.name };
      keys.set(targetKeyText(key), key);
    }
  }
  return [...keys.values()];
}

/** The days, pages and metrics whose known targets planBatch needs: those the batch's targeted samples count under. */
export function targetKeys(samples: readonly StoredSample[], existing: readonly ExistingSample[]): TargetKey[] {
  const known = new Map(existing.map((e) => [e.metricId, e]));
  const keys = new Map<string, TargetKey>();
  for (const sample of samples) {
    if (!sample.target) continue;
    const old = known.get(sample.metricId);
    const key = countedUnder(sample, old);
    keys.set(targetKeyText(key), key);
  }
  return [...keys.values()];
}

/**
 * The days, pages and metrics whose new names may run out in this batch (its distinct new targets
 * and the names `known` already pass TARGETS_PER_DAY): where the store looks up the targets
 * carried from the day before (carried-targets.ts). Most batches have none.
 */
export function fullTargetKeys(
  samples: readonly StoredSample[],
  existing: readonly ExistingSample[],
  known: ReadonlyMap<string, readonly string[]>,
): TargetKey[] {
  const old = new Map(existing.map((e) => [e.metricId, e]));
  const fresh = new Map<string, { key: TargetKey; targets: Set<string> }>();
  for (const sample of samples) {
    if (!sample.target) continue;
    const key = countedUnder(sample, old.get(sample.metricId));
    const text = targetKeyText(key);
    const names = known.get(text);
    if (!names || names.includes(sample.target) || PLACELESS_TARGETS.has(sample.target)) continue;
    const entry = fresh.get(text) ?? fresh.set(text, { key, targets: new Set(names.filter((t) => !PLACELESS_TARGETS.has(t))) }).get(text)!;
    entry.targets.add(sample.target);
  }
  return [...fresh.values()].filter((e) => e.targets.size > TARGETS_PER_DAY).map((e) => e.key);
}

/**
 * Plans a batch against the rows it replaces: a new metric id adds one to its bucket and to its
 * page's count of the day; a repeated one moves its row's count from the old value's bucket to the
 * new one's. Pure; both stores run the plan in one transaction.
 */
export function planBatch(
  samples: readonly StoredSample[],
  existing: readonly ExistingSample[],
  knownTargets: ReadonlyMap<string, readonly string[]> = new Map(),
  carriedTargets: ReadonlyMap<string, readonly string[]> = new Map(),
): BatchPlan {
  const targets = new TargetCounter(knownTargets, carriedTargets);
  const known = new Map(existing.map((e) => [e.metricId, e]));
  const deltas = new Map<string, RollupDelta>();
  const allDeltas = new Map<string, RollupAllDelta>();
  const add = (day: number, page: string, metric: FieldMetricName, device: DeviceClass, value: number, count: number) => {
    const bucket = bucketOf(metric, value);
    const key = `${day}\u0000${page}\u0000${metric}\u0000${bucket}`;
    const delta = deltas.get(`${key}\u0000${device}`);
    if (delta) delta.count += count;
    else deltas.set(`${key}\u0000${device}`, { day, page, metric, device, bucket, count });
    const all = allDeltas.get(key);
    if (all) all.count += count;
    else allDeltas.set(key, { day, page, metric, bucket, count });
  };
  const pageDays = new Map<string, PageDayDelta>();
  const touch = (day: number, page: string, metric: FieldMetricName, count: number) => {
    const key = `${day}\u0000${page}\u0000${metric}`;
    const known = pageDays.get(key);
    if (known) known.count += count;
    else pageDays.set(key, { day, page, metric, count });
  };
  const plan: BatchPlan = { inserts: [], updates: [], rollups: [], rollupsAll: [], pageDays: [], targets: [], targetNames: [] };
  for (const given of samples) {
    const old = known.get(given.metricId);
    const key = countedUnder(given, old);
    // The sample keeps the target it is counted under, so that a later report of its id takes it away from there.
    const target = given.target ? targets.name(key, given.target) : null;
    const sample: StoredSample = { ...given, target, phases: target === null ? null : (given.phases ?? null) };
    if (old) {
      plan.updates.push({ sample, existing: old });
      add(key.day, old.page, old.name, old.device, old.value, -1);
      add(key.day, old.page, old.name, old.device, sample.value, 1);
      touch(key.day, old.page, old.name, 0);
      targets.add({ ...key, target: old.target, phases: old.phases, value: old.value }, -1);
    } else {
      plan.inserts.push(sample);
      add(key.day, sample.page, sample.name, sample.device, sample.value, 1);
      touch(key.day, sample.page, sample.name, 1);
    }
    targets.add({ ...key, target, phases: sample.phases ?? null, value: sample.value }, 1);
  }
  plan.targets = targets.changes();
  plan.targetNames = targets.named;
  plan.rollups = [...deltas.values()].filter((d) => d.count !== 0);
  plan.rollupsAll = [...allDeltas.values()].filter((d) => d.count !== 0);
  plan.pageDays = [...pageDays.values()];
  return plan;
}
