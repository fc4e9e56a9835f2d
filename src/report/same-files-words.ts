import type { BuildDigest } from '../types.js';
import { plural } from '../plural.js';
import { formatValue } from './format.js';
import { pagesAndFlows } from './not-in-base-words.js';

/** Why a page was measured on this build alone, side by side: "it loads the same 3 files (4.1 kB, sha256 0a1b2c3d4e5f) from both builds". */
export const sameFilesWords = (d: BuildDigest): string =>
  `it loads the same ${plural(d.files, 'file')} (${formatValue(d.bytes, 'bytes')}, sha256 ${d.sha256.slice(0, 12)}) from both builds, so the base cannot differ`;

/** "1 page loading the same files from both builds"; null when every page loaded a file that differs. */
export function sameFilesCount(pages: ReadonlyArray<{ name: string; identicalBase?: BuildDigest; flow?: { name: string } }>): string | null {
  const counted = pagesAndFlows(pages.filter((p) => p.identicalBase));
  return counted && `${counted} loading the same files from both builds`;
}
