import type { Status, Unit } from '../types.js';

/** How each unit is written for people. */
const FORMATTERS: Record<Unit, (value: number) => string> = {
  ms: (v) => (Math.abs(Math.round(v)) < 1000 ? `${Math.round(v)} ms` : `${(v / 1000).toFixed(2)} s`),
  unitless: (v) => v.toFixed(3),
  score: (v) => String(Math.round(v * 100)),
  bytes: (v) => (Math.abs(v) < 1000 ? `${Math.round(v)} B` : Math.abs(v) < 999_950 ? `${(v / 1000).toFixed(1)} kB` : `${(v / 1e6).toFixed(2)} MB`),
  count: (v) => String(Math.round(v)),
  ratio: (v) => `${v > 0 ? '+' : ''}${(v * 100).toFixed(1)} %`,
};

export function formatValue(value: number | null | undefined, unit: Unit): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '-' : FORMATTERS[unit](value);
}

/** "1.80 s / 2.50 s" for upper limits, "≥ 95 / ≥ 90" for lower limits, "- / ≥ 90" when a level is unset. */
export function formatLimits(warn: number | null, error: number | null, unit: Unit, operator: '<=' | '>='): string {
  if (warn === null && error === null) return 'no limit';
  const prefix = operator === '>=' ? '≥ ' : '';
  const one = (limit: number | null) => (limit === null ? '-' : `${prefix}${formatValue(limit, unit)}`);
  return `${one(warn)} / ${one(error)}`;
}

export const STATUS_SYMBOLS: Record<Status, string> = { pass: '✔', warn: '▲', borderline: '≈', fail: '✖', error: '⁇' };

export const STATUS_WORDS: Record<Status, string> = { pass: 'pass', warn: 'warn', borderline: 'borderline', fail: 'fail', error: 'not measured' };

/** From this many times the base on (+1000 %), a change is shown without its percentage: "+353 ms", not "+141100.0 %" of a base near 0. */
const LARGEST_PERCENT_SHOWN = 10;

/**
 * "+1.2 kB (+4.0 %)", "-120 ms (-3.1 %)", "±0 B" for a change against the base (also one that rounds
 * to nothing: "±0 ms", not "-0 ms"); "+353 ms" from a base near 0.
 */
export function formatChange(change: { delta: number; relative: number | null } | undefined, unit: Unit): string {
  if (!change) return '';
  const size = formatValue(Math.abs(change.delta), unit);
  if (size === formatValue(0, unit)) return `±${size}`;
  const value = `${change.delta > 0 ? '+' : '-'}${size}`;
  if (change.relative === null || Math.abs(change.relative) >= LARGEST_PERCENT_SHOWN) return value;
  return `${value} (${change.relative > 0 ? '+' : '-'}${Math.abs(change.relative * 100).toFixed(1)} %)`;
}
