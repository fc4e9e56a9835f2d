import { isObject } from './is-object.js';

/** The value on one line: `{ "warn": 1500, "error": 2500 }`. */
export function oneLine(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(oneLine).join(', ')}]`;
  if (isObject(value)) {
    const entries = Object.entries(value);
    return entries.length === 0 ? '{}' : `{ ${entries.map(([key, item]) => `${JSON.stringify(key)}: ${oneLine(item)}`).join(', ')} }`;
  }
  return JSON.stringify(value);
}

/** How deep objects and lists nest in a value: 0 for a scalar, 1 for a list or object of scalars. */
const depth = (value: unknown): number =>
  Array.isArray(value) || isObject(value) ? 1 + Math.max(0, ...Object.values(value as Record<string, unknown>).map(depth)) : 0;

/**
 * JSON for people to edit, as `JSON.stringify(value, null, 2)` but with each object or list that
 * nests at most two deep on one line when it fits in `width` columns: a budget of 140 audits is
 * 140 lines, one per audit, not 420.
 */
export function compactJson(value: unknown, width = 100, indent = ''): string {
  const line = oneLine(value);
  if (indent !== '' && depth(value) <= 2 && indent.length + line.length <= width) return line;
  const inner = `${indent}  `;
  if (Array.isArray(value))
    return value.length === 0 ? '[]' : `[\n${value.map((item) => `${inner}${compactJson(item, width, inner)}`).join(',\n')}\n${indent}]`;
  if (isObject(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([key, item]) => `${inner}${JSON.stringify(key)}: ${compactJson(item, width - key.length - 4, inner)}`).join(',\n')}\n${indent}}`;
  }
  return line;
}
