import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type SourceMap, sourceSizes } from './source-sizes.js';
import type { Part } from './types.js';

const MAP_COMMENT = /[#@]\s*sourceMappingURL=([^\s*'"]+)\s*(?:\*\/\s*)?$/;

function isSourceMap(value: unknown): value is SourceMap {
  const map = value as SourceMap | null;
  return typeof map?.mappings === 'string' && Array.isArray(map.sources) && (map.sourceRoot === undefined || typeof map.sourceRoot === 'string');
}

/**
 * A built file's source map: inline (a `data:` URL in its `sourceMappingURL` comment), the file that
 * comment names beside it, or `<file>.map`. Null when it has none, or none that can be read (an
 * indexed map, a URL elsewhere, broken JSON): sizes then go without sources, never fail.
 */
async function sourceMapOf(file: string, code: string): Promise<SourceMap | null> {
  const tail = code.slice(-4096).trimEnd().split('\n').pop() ?? '';
  const url = MAP_COMMENT.exec(tail)?.[1];
  let text: string | null = null;
  try {
    if (url?.startsWith('data:')) {
      const comma = url.indexOf(',');
      const data = url.slice(comma + 1);
      text = /;base64$/.test(url.slice(0, comma)) ? Buffer.from(data, 'base64').toString('utf8') : decodeURIComponent(data);
    } else {
      const beside = url && !/^[a-z][\w+.-]*:/i.test(url) ? path.resolve(path.dirname(file), decodeURIComponent(url.split(/[?#]/)[0] ?? '')) : null;
      const mapFile = beside && existsSync(beside) ? beside : existsSync(`${file}.map`) ? `${file}.map` : null;
      if (mapFile) text = await readFile(mapFile, 'utf8');
    }
    const map: unknown = text === null ? null : JSON.parse(text);
    return isSourceMap(map) ? map : null;
  } catch {
    return null;
  }
}

/**
 * What a bundle's sources weigh in its built files, uncompressed (node_modules counted by package),
 * summed over the files that have a source map. Null when none has one.
 */
export async function bundleSources(files: readonly string[]): Promise<Part[] | null> {
  const totals = new Map<string, number>();
  let mapped = false;
  for (const file of files) {
    if (!/\.(m?js|cjs|css)$/i.test(file)) continue;
    const code = await readFile(file, 'utf8');
    const map = await sourceMapOf(file, code);
    if (!map) continue;
    mapped = true;
    for (const part of sourceSizes(code, map)) totals.set(part.name, (totals.get(part.name) ?? 0) + part.value);
  }
  if (!mapped) return null;
  return [...totals].map(([name, value]) => ({ name, value })).sort((a, b) => b.value - a.value || a.name.localeCompare(b.name));
}
