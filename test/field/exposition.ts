import { expect } from 'vitest';

/**
 * Reads Prometheus' text format strictly: every line a HELP, a TYPE or a sample of a family whose
 * TYPE came before, label values quoted and escaped, values numbers; a histogram's buckets
 * cumulative, ending at +Inf with its count. Returns each sample's value by its name and labels.
 */
export function readExposition(text: string): Map<string, number> {
  expect(text.endsWith('\n')).toBe(true);
  const types = new Map<string, string>();
  const values = new Map<string, number>();
  const familyOf = (name: string) => (types.has(name) ? name : name.replace(/_(bucket|sum|count)$/, ''));
  for (const line of text.slice(0, -1).split('\n')) {
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)$/.exec(line);
    if (meta) {
      if (meta[1] === 'TYPE') {
        expect(['counter', 'gauge', 'histogram', 'summary', 'untyped']).toContain(meta[3]);
        expect(types.has(meta[2] as string), `${meta[2]} declared twice`).toBe(false);
        types.set(meta[2] as string, meta[3] as string);
      }
      continue;
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*",?)*\})? (\S+)$/.exec(line);
    expect(sample, `not a sample line: ${line}`).not.toBeNull();
    const [, name = '', labels = '', value = ''] = sample ?? [];
    const family = familyOf(name);
    expect(types.has(family), `${name} has no TYPE before it`).toBe(true);
    if (types.get(family) !== 'histogram') expect(name).toBe(family);
    expect(value === '+Inf' || Number.isFinite(Number(value)), `${line}: not a number`).toBe(true);
    values.set(`${name}${labels}`, Number(value));
  }
  for (const [family, type] of types) {
    if (type !== 'histogram') continue;
    const buckets = [...values].filter(([key]) => key.startsWith(`${family}_bucket{`)).map(([, v]) => v);
    expect(
      buckets.every((v, i) => i === 0 || v >= (buckets[i - 1] as number)),
      `${family}: buckets not cumulative`,
    ).toBe(true);
    expect(values.get(`${family}_bucket{le="+Inf"}`)).toBe(values.get(`${family}_count`));
  }
  return values;
}
