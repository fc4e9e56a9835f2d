import bytes from 'bytes-iec';

/**
 * Parses a size the way size-limit does: a number of bytes, or a string like "250 kB"
 * (1 kB = 1000 B) or "300 KiB" (1 KiB = 1024 B). Returns null when it does not parse.
 */
export function parseSize(value: number | string): number | null {
  const parsed = typeof value === 'number' ? value : bytes.parse(value.trim(), { mode: 'metric' });
  return parsed === null || !Number.isFinite(parsed) || parsed < 0 ? null : parsed;
}
