import bytes from 'bytes-iec';

/**
 * Parses a size the way size-limit does: a number of bytes, or a string like "250 kB"
 * (1 kB = 1000 B) or "300 KiB" (1 KiB = 1024 B). Returns null when it does not parse.
 */
export function parseSize(value: number | string): number | null {
  const parsed = typeof value === 'number' ? value : bytes.parse(value.trim(), { mode: 'metric' });
  return parsed === null || !Number.isFinite(parsed) || parsed < 0 ? null : parsed;
}

/** A plain number that is not negative (a score, a count, an audit's value); null otherwise. */
export function parseNumber(value: number | string): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
}

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000 };

/** Parses a duration in milliseconds: a number, or a string like "300 ms" or "1.5 s". Null when it does not parse. */
export function parseDuration(value: number | string): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : null;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s)\s*$/.exec(value);
  return match ? Number(match[1]) * (DURATION_UNITS[match[2] as string] as number) : null;
}

/** Parses a relative change: a fraction (0.1) or a string like "10%" or "10 %". Null when it does not parse. */
export function parsePercent(value: number | string): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : null;
  const match = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(value);
  return match ? Number(match[1]) / 100 : null;
}
