import { dayOf } from './store.js';

/**
 * The rolling window: one histogram row per page × metric × device × bucket (device 'all' for all
 * devices together) summing the daily rollups from `recent_window.from_day` on. Its size does not
 * grow with the days it covers, so a read of the last 28 days reads it instead of 29 days of
 * rows. Writes add to it what they add to a day on or after from_day; once a day the window moves
 * forward by subtracting the days it leaves (advance). A read of any other window adds or
 * subtracts the few days in between (rollup-queries.ts), so a window that has not moved yet is
 * still read exactly. The attribution targets have a window of their own (recent_targets), moved
 * with it. The SQL here is the same for SQLite and PostgreSQL (`?` placeholders).
 */

/** Days the window covers before today: the dashboard's default window (since = now − 28 days). */
export const RECENT_DAYS = 28;

/** The first day of the window at time `nowMs`. */
export const recentFrom = (nowMs: number): number => dayOf(nowMs) - RECENT_DAYS;

const FROM_DAY = '(SELECT from_day FROM recent_window)';

export const RECENT_TABLES_POSTGRES = `
CREATE TABLE recent_rollups (page TEXT COLLATE "C" NOT NULL, metric TEXT COLLATE "C" NOT NULL, device TEXT COLLATE "C" NOT NULL, bucket INTEGER NOT NULL, count BIGINT NOT NULL,
  PRIMARY KEY (page, metric, device, bucket));
CREATE TABLE recent_window (one INTEGER PRIMARY KEY CHECK (one = 1), from_day INTEGER NOT NULL);`;

/** The attribution targets' rolling window: target_rollups summed from `recent_window.from_day` on. */
export const RECENT_TARGETS_POSTGRES = `
CREATE TABLE recent_targets (page TEXT COLLATE "C" NOT NULL, metric TEXT COLLATE "C" NOT NULL, target TEXT COLLATE "C" NOT NULL, bucket INTEGER NOT NULL,
  count BIGINT NOT NULL, phased BIGINT NOT NULL, input_delay DOUBLE PRECISION NOT NULL, processing_duration DOUBLE PRECISION NOT NULL,
  presentation_delay DOUBLE PRECISION NOT NULL, PRIMARY KEY (page, metric, target, bucket));`;

export const RECENT_TARGETS_SQLITE = `
CREATE TABLE IF NOT EXISTS recent_targets (page TEXT NOT NULL, metric TEXT NOT NULL, target TEXT NOT NULL, bucket INTEGER NOT NULL,
  count INTEGER NOT NULL, phased INTEGER NOT NULL, input_delay REAL NOT NULL, processing_duration REAL NOT NULL,
  presentation_delay REAL NOT NULL, PRIMARY KEY (page, metric, target, bucket)) WITHOUT ROWID;`;

/** A target row's counted columns, and the same negated (what a day leaving the window takes away). */
const TARGET_SUMS = 'SUM(count), SUM(phased), SUM(input_delay), SUM(processing_duration), SUM(presentation_delay)';
const TARGET_NEGATED_SUMS = '-SUM(count), -SUM(phased), -SUM(input_delay), -SUM(processing_duration), -SUM(presentation_delay)';

/** The upsert that adds a target row's counted columns to the window's. */
export const ADD_TO_RECENT_TARGETS = `ON CONFLICT (page, metric, target, bucket) DO UPDATE SET count = recent_targets.count + excluded.count,
  phased = recent_targets.phased + excluded.phased, input_delay = recent_targets.input_delay + excluded.input_delay,
  processing_duration = recent_targets.processing_duration + excluded.processing_duration,
  presentation_delay = recent_targets.presentation_delay + excluded.presentation_delay`;

const RECENT_TARGET_COLUMNS = 'page, metric, target, bucket, count, phased, input_delay, processing_duration, presentation_delay';

/** Starts the targets' window at the histograms' window's first day, from their daily rows: for a migrated database. */
export const FILL_RECENT_TARGETS = `INSERT INTO recent_targets (${RECENT_TARGET_COLUMNS})
  SELECT page, metric, target, bucket, ${TARGET_SUMS} FROM target_rollups WHERE day >= ${FROM_DAY} GROUP BY page, metric, target, bucket`;

export const RECENT_TABLES_SQLITE = `
CREATE TABLE IF NOT EXISTS recent_rollups (page TEXT NOT NULL, metric TEXT NOT NULL, device TEXT NOT NULL, bucket INTEGER NOT NULL, count INTEGER NOT NULL,
  PRIMARY KEY (page, metric, device, bucket)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS recent_window (one INTEGER PRIMARY KEY CHECK (one = 1), from_day INTEGER NOT NULL);`;

/** The daily rows of days [lower, upper) as (page, metric, device, bucket, count), 'all' rows included. */
const daysBetween = (lower: string, upper: string) => `
  SELECT page, metric, device, bucket, count FROM rollups WHERE day >= ${lower} AND day < ${upper}
  UNION ALL SELECT page, metric, 'all', bucket, count FROM rollups_all WHERE day >= ${lower} AND day < ${upper}`;

/** A statement and its parameters. */
export type Statement = [sql: string, params: unknown[]];

/** Starts the window at `day` from the daily rollups: for a new or migrated database. */
export const fillRecent = (day: number): Statement[] => [
  ['INSERT INTO recent_window (one, from_day) VALUES (1, ?)', [day]],
  [
    `INSERT INTO recent_rollups (page, metric, device, bucket, count)
     SELECT page, metric, device, bucket, SUM(count) FROM (${daysBetween('?', '2147483647')}) d WHERE true GROUP BY page, metric, device, bucket`,
    [day, day],
  ],
];

/**
 * Moves the window's start forward to `day` by subtracting the days it leaves; does nothing when it
 * starts there or later already. Run in the writers' transaction (under their lock).
 */
export const advanceRecent = (day: number): Statement[] => [
  [
    `INSERT INTO recent_rollups (page, metric, device, bucket, count)
     SELECT page, metric, device, bucket, -SUM(count) FROM (${daysBetween(FROM_DAY, '?')}) d WHERE true GROUP BY page, metric, device, bucket
     ON CONFLICT (page, metric, device, bucket) DO UPDATE SET count = recent_rollups.count + excluded.count`,
    [day, day],
  ],
  ['DELETE FROM recent_rollups WHERE count = 0', []],
  [
    `INSERT INTO recent_targets (${RECENT_TARGET_COLUMNS})
     SELECT page, metric, target, bucket, ${TARGET_NEGATED_SUMS} FROM target_rollups WHERE day >= ${FROM_DAY} AND day < ?
     GROUP BY page, metric, target, bucket ${ADD_TO_RECENT_TARGETS}`,
    [day],
  ],
  // Phase sums of a row whose count left with its days may keep a rounding residue: the row goes with its count.
  ['DELETE FROM recent_targets WHERE count = 0 AND phased = 0', []],
  ['UPDATE recent_window SET from_day = ? WHERE from_day < ?', [day, day]],
];
