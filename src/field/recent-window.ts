import { dayOf } from './store.js';

/**
 * The rolling window: one histogram row per page × metric × device × bucket (device 'all' for all
 * devices together) summing the daily rollups from `recent_window.from_day` on. Its size does not
 * grow with the days it covers, so a read of the last 28 days reads it instead of 29 days of
 * rows. Writes add to it what they add to a day on or after from_day; once a day the window moves
 * forward by subtracting the days it leaves (advance). A read of any other window adds or
 * subtracts the few days in between (rollup-queries.ts), so a window that has not moved yet is
 * still read exactly. The SQL here is the same for SQLite and PostgreSQL (`?` placeholders).
 */

/** Days the window covers before today: the dashboard's default window (since = now − 28 days). */
export const RECENT_DAYS = 28;

/** The first day of the window at time `nowMs`. */
export const recentFrom = (nowMs: number): number => dayOf(nowMs) - RECENT_DAYS;

export const RECENT_TABLES_POSTGRES = `
CREATE TABLE recent_rollups (page TEXT COLLATE "C" NOT NULL, metric TEXT COLLATE "C" NOT NULL, device TEXT COLLATE "C" NOT NULL, bucket INTEGER NOT NULL, count BIGINT NOT NULL,
  PRIMARY KEY (page, metric, device, bucket));
CREATE TABLE recent_window (one INTEGER PRIMARY KEY CHECK (one = 1), from_day INTEGER NOT NULL);`;

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

const FROM_DAY = '(SELECT from_day FROM recent_window)';

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
  ['UPDATE recent_window SET from_day = ? WHERE from_day < ?', [day, day]],
];
