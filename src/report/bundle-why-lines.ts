import type { Part, Verdict } from '../types.js';
import { formatValue } from './format.js';

/** The most parts one bundle's line names; the rest are counted together. */
const MOST_PARTS = 8;

function shares(parts: readonly Part[]): string {
  const total = parts.reduce((sum, p) => sum + p.value, 0);
  const sorted = [...parts].sort((a, b) => b.value - a.value || a.name.localeCompare(b.name));
  const named = sorted
    .slice(0, MOST_PARTS)
    .map((p) => `${p.name} ${formatValue(p.value, 'bytes')}${total > 0 ? ` (${Math.round((100 * p.value) / total)} %)` : ''}`);
  const rest = sorted.slice(MOST_PARTS);
  const more =
    rest.length > 0
      ? `, and ${rest.length} more, ${formatValue(
          rest.reduce((sum, p) => sum + p.value, 0),
          'bytes',
        )}`
      : '';
  return `${named.join(', ')}${more}`;
}

/**
 * What each bundle holds, as size-limit --why shows it, in words: its sources' shares of the built
 * code before compression (from its files' source maps, or esbuild's account of a bundled check),
 * else its files' shares of its size; nothing for a bundle of one file without sources. Pure.
 */
export function bundleWhyLines(verdicts: readonly Verdict[]): string[] {
  return verdicts
    .filter((v) => v.kind === 'bundle' && v.id === 'bundle:size')
    .flatMap((v) => {
      if (v.sources && v.sources.length > 0) return [`${v.page}, by source (before compression): ${shares(v.sources)}`];
      if (v.parts && v.parts.length > 1) return [`${v.page}, by file (${v.label.replace(/^Size \((.*)\)$/, '$1')}): ${shares(v.parts)}`];
      return [];
    });
}
