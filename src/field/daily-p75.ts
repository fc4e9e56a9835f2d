import type { Statement } from './recent-window.js';
import { cumulative, percentile, TREND_METRICS } from './rollup-queries.js';

/**
 * The dashboard charts each page's p75 per day. A day's histogram stops changing once the day has
 * ended (a repeated metric id is looked for one day back at most), so its p75 is computed once and
 * kept in `page_days.p75`; reads compute only the days without one (today, yesterday, or a day a
 * write changed: a write forgets the kept value of every day it touches, see rollup-deltas.ts).
 * The SQL is the same for SQLite and PostgreSQL (`?` placeholders).
 */

const metrics = TREND_METRICS.map(() => '?').join(', ');

/** The ended days with a charted metric whose p75 is not kept yet, oldest first. */
export const daysToKeep = (today: number): Statement => [
  `SELECT DISTINCT day FROM page_days WHERE p75 IS NULL AND day < ? AND metric IN (${metrics}) ORDER BY day`,
  [today, ...TREND_METRICS],
];

/** Computes and keeps one day's p75 for every page and charted metric (all devices). */
export const keepDay = (day: number): Statement => [
  `UPDATE page_days SET p75 = t.p75 FROM (
     WITH h AS (SELECT page, metric, bucket, CAST(count AS DOUBLE PRECISION) AS c FROM rollups_all WHERE day = ? AND metric IN (${metrics})), cum AS (${cumulative('page, metric')})
     SELECT page, metric, ${percentile(0.75)} AS p75 FROM cum GROUP BY page, metric
   ) t
   WHERE page_days.day = ? AND page_days.page = t.page AND page_days.metric = t.metric`,
  [day, ...TREND_METRICS, day],
];
