import { ownedChromeFlag } from '../config/chrome-flags-owned.js';
import { chromeFlags } from '../lab/settings.js';

/** Flags of one string as a shell would split them: at spaces outside quotes, the quotes dropped (`--user-agent='My Agent'`). */
function splitFlags(text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g)) out.push(match[0].replace(/(["'])(.*?)\1/g, '$2'));
  return out;
}

/**
 * Lighthouse CI's Chrome flags (`settings.chromeFlags`, a string or strings; `puppeteerLaunchOptions.args`)
 * as pages.json's "chromeFlags": each flag apart; those perfgate sets the same way already left out
 * without a word, those it owns (a profile folder, a debugging port) left out with a note naming `key`.
 */
export function importChromeFlags(value: unknown, key: string): { flags: string[]; notes: string[] } {
  const groups: unknown[] = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [value];
  if (!groups.every((g) => typeof g === 'string')) return { flags: [], notes: [`${key}: not imported: write it as a string of flags`] };
  const own = new Set(chromeFlags());
  const flags: string[] = [];
  const notes: string[] = [];
  for (const flag of (groups as string[]).flatMap(splitFlags)) {
    const owned = ownedChromeFlag(flag);
    if (own.has(flag) || flag === '--no-sandbox' || flags.includes(flag)) continue;
    if (owned) notes.push(`${key}: ${flag} not imported: ${owned.why}`);
    else if (!flag.startsWith('--')) notes.push(`${key}: ${flag} not imported: not a flag (--name or --name=value)`);
    else flags.push(flag);
  }
  return { flags, notes };
}
