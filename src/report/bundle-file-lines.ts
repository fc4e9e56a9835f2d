import { plural } from '../plural.js';
import type { Verdict } from '../types.js';
import { type ClueStyle, PLAIN } from './clue-lines.js';
import { formatChange, formatValue } from './format.js';
import { type PartChange, partChanges } from './part-changes.js';

/** The most files one bundle's line names; the others are counted. */
const MOST_FILES = 5;

function fileText(c: PartChange, style: ClueStyle): string {
  const name = style.code(c.name);
  if (c.baseFiles === 0) return `${name} new, ${formatValue(c.value, 'bytes')}`;
  if (c.files === 0) return `${name} removed, ${formatChange({ delta: c.delta, relative: null }, 'bytes')}`;
  const counts = c.files !== c.baseFiles || c.files > 1 ? ` (${plural(c.files, 'file')}, ${c.baseFiles} in the base)` : '';
  return `${name}${counts} ${formatChange({ delta: c.delta, relative: null }, 'bytes')}`;
}

/**
 * For each bundle whose files changed against the base, one line naming where: the files whose size
 * moved, new and removed ones, the largest change first (`app JS: assets/vendor-*.js +11.8 kB,
 * assets/chat-*.js new, 2.0 kB`). Bundles measured without their files (older results) have none, nor
 * has a bundle of one file on both sides. Where both sides' files have source maps (or both were bundled
 * with esbuild, whose metafile tells), a second line names the sources whose built code moved
 * (`app JS, by source (before compression): node_modules/lodash +70.1 kB`).
 */
export function bundleFileLines(verdicts: readonly Verdict[], style: ClueStyle = PLAIN): string[] {
  const lines: string[] = [];
  for (const v of verdicts) {
    if (v.kind !== 'bundle' || !v.change) continue;
    const { baseParts, baseSources } = v.change;
    if (v.parts && baseParts) {
      const changes = partChanges(v.parts, baseParts);
      // A bundle of one file on both sides, that file: its row says it all.
      const oneFile = v.parts.length === 1 && baseParts.length === 1 && changes.length === 1 && changes[0]?.files === 1 && changes[0].baseFiles === 1;
      if (changes.length > 0 && !oneFile) lines.push(`${style.text(v.page)}: ${listed(changes, style)}`);
    }
    // Its files' source maps (or a bundler's account of its bundle) on both sides, the base's not new: which
    // sources (packages) grew, in the built code before compression.
    const sources = v.sources && baseSources && (baseParts?.length ?? 1) > 0 ? partChanges(v.sources, baseSources) : [];
    if (sources.length > 0) lines.push(`${style.text(v.page)}, by source (before compression): ${listed(sources, style)}`);
  }
  return lines;
}

function listed(changes: readonly PartChange[], style: ClueStyle): string {
  const shown = changes.slice(0, MOST_FILES).map((c) => fileText(c, style));
  const more = changes.length - shown.length;
  return `${shown.join(', ')}${more > 0 ? `, and ${more} more` : ''}`;
}
