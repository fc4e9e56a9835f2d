/** What a secret is replaced with in every output. */
export const SECRET_MASK = '[secret]';

/**
 * A deep copy of a JSON-like value with every occurrence of each secret inside its strings (keys
 * included) replaced by SECRET_MASK: for Lighthouse reports (their settings hold the extra headers)
 * and results before they are written or printed. Longer secrets are replaced first, so one that
 * contains another is masked whole. Empty secrets are ignored.
 */
export function scrubSecrets<T>(value: T, secrets: readonly string[]): T {
  const list = [...new Set(secrets)].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
  if (list.length === 0) return value;
  const text = (s: string) => list.reduce((out, secret) => out.split(secret).join(SECRET_MASK), s);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return text(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [text(k), walk(x)]));
    return v;
  };
  return walk(value) as T;
}
