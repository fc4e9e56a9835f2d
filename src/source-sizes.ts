import type { Part } from './types.js';

/** The fields of a source map (version 3) that say where each piece of generated code came from. */
export interface SourceMap {
  sources: Array<string | null>;
  sourceRoot?: string;
  mappings: string;
}

/** Where generated code that no mapping covers (a bundler's runtime, the map's own comment) is counted. */
export const NO_SOURCE = '(no source)';

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...BASE64].map((c, i) => [c, i]));

/** The values of one mapping segment, from its base64 VLQ text. */
function vlqValues(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const c of segment) {
    const digit = DIGIT.get(c);
    if (digit === undefined) return [];
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    values.push(value & 1 ? -(value >>> 1) : value >>> 1);
    value = 0;
    shift = 0;
  }
  return values;
}

/**
 * A source's name as a reviewer knows it: bundler prefixes (`webpack://app/`) and leading `./`, `../`
 * left out, and whatever lies in a `node_modules` folder counted as its package (`node_modules/lodash`,
 * `node_modules/@scope/pkg`).
 */
export function sourceName(source: string): string {
  const path = source
    .replace(/\\/g, '/')
    .replace(/^[a-z][\w+.-]*:\/\/[^/]*\//i, '')
    .replace(/^(\.{0,2}\/)+/, '');
  const inModules = path.lastIndexOf('node_modules/');
  if (inModules < 0) return path || NO_SOURCE;
  const [first, second] = path.slice(inModules + 'node_modules/'.length).split('/');
  return `node_modules/${first?.startsWith('@') && second ? `${first}/${second}` : first}`;
}

/**
 * How many bytes (UTF-8) of generated `code` each source of its source map accounts for: each mapping
 * covers its line from its column to the next mapping's, and what none covers is `NO_SOURCE`. The parts
 * add up to the code's size. Largest first. Pure.
 */
export function sourceSizes(code: string, map: SourceMap): Part[] {
  const root = map.sourceRoot ? `${map.sourceRoot.replace(/\/$/, '')}/` : '';
  const names = map.sources.map((s) => (s === null ? NO_SOURCE : sourceName(`${root}${s}`)));
  const bytes = new Map<string, number>();
  const add = (name: string, text: string) => {
    if (text) bytes.set(name, (bytes.get(name) ?? 0) + Buffer.byteLength(text));
  };
  const lines = code.split(/(?<=\n)/);
  const mapped = map.mappings.split(';');
  let source = 0;
  for (const [index, line] of lines.entries()) {
    let column = 0;
    let covering = NO_SOURCE;
    let start = 0;
    for (const segment of (mapped[index] ?? '').split(',')) {
      const values = vlqValues(segment);
      if (values.length === 0) continue;
      column += values[0] ?? 0;
      const at = Math.min(Math.max(column, start), line.length);
      add(covering, line.slice(start, at));
      start = at;
      if (values.length >= 4) source += values[1] ?? 0;
      covering = values.length >= 4 ? (names[source] ?? NO_SOURCE) : NO_SOURCE;
      // The original line, column and name move their own counters, which sizes need not follow.
    }
    add(covering, line.slice(start));
  }
  return [...bytes].map(([name, value]) => ({ name, value })).sort((a, b) => b.value - a.value || a.name.localeCompare(b.name));
}
