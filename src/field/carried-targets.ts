import { OTHER_TARGET, TARGETS_PER_DAY, targetKeyText, type TargetKey } from './target-deltas.js';

/**
 * How many of the day before's targets keep their own name on a day, page and metric whose
 * TARGETS_PER_DAY new names are taken: its most counted ones. So made-up selectors sent early in a
 * UTC day cannot push a page's real targets into OTHER_TARGET, and a day still names at most
 * TARGETS_PER_DAY + CARRIED_TARGETS targets.
 */
export const CARRIED_TARGETS = TARGETS_PER_DAY;

/** The day before's most counted targets of a key (SQLite: one key's `day`, `page` and `metric` are its parameters, then OTHER_TARGET and the limit). */
export const TOP_TARGETS_SQLITE = `SELECT target FROM target_rollups WHERE day = ? AND page = ? AND metric = ? AND target <> ?
  GROUP BY target HAVING sum(count) > 0 ORDER BY sum(count) DESC, target LIMIT ?`;

/** The same for many keys in one query (PostgreSQL): $1-$3 the keys' days, pages and metrics; rows keep the key's own day. */
export const TOP_TARGETS_POSTGRES = `SELECT k.day, k.page, k.metric, t.target
  FROM unnest($1::int[], $2::text[], $3::text[]) AS k(day, page, metric)
  CROSS JOIN LATERAL (
    SELECT r.target FROM target_rollups r
    WHERE r.day = k.day - 1 AND r.page = k.page COLLATE "C" AND r.metric = k.metric COLLATE "C" AND r.target <> $4
    GROUP BY r.target HAVING sum(r.count) > 0 ORDER BY sum(r.count) DESC, r.target LIMIT $5) t`;

/** The parameters after the keys: the target never carried, and how many are. */
export const TOP_TARGETS_PARAMS = [OTHER_TARGET, CARRIED_TARGETS] as const;

/**
 * The carried names a store found, by key (its targetKeyText), kept in memory: the day before's
 * counts are settled, so each day, page and metric is looked up once per process. Holds at most
 * `maxKeys` keys, and forgets them all when full.
 */
export class CarriedTargets {
  private readonly found = new Map<string, readonly string[]>();

  constructor(private readonly maxKeys = 20_000) {}

  /** The keys among `keys` not looked up yet. */
  missing(keys: readonly TargetKey[]): TargetKey[] {
    return keys.filter((k) => !this.found.has(targetKeyText(k)));
  }

  /** Records what the store found for `keys` (`names` by targetKeyText; a key without names carries none). */
  put(keys: readonly TargetKey[], names: ReadonlyMap<string, readonly string[]>): void {
    if (this.found.size + keys.length > this.maxKeys) this.found.clear();
    for (const key of keys) this.found.set(targetKeyText(key), names.get(targetKeyText(key)) ?? []);
  }

  /** The carried names of `keys`, by targetKeyText. */
  of(keys: readonly TargetKey[]): Map<string, readonly string[]> {
    return new Map(keys.map((k) => [targetKeyText(k), this.found.get(targetKeyText(k)) ?? []]));
  }
}
