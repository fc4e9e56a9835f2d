import { existsSync } from 'node:fs';
import { getChromePath } from 'chrome-launcher';
import { UserError } from '../errors.js';

export const INSTALL_HINT = 'Install Chrome or Chromium (Debian/Ubuntu: `sudo apt-get install -y chromium`), or set CHROME_PATH to its executable.';

/** Finds Chrome: CHROME_PATH, then the usual install locations, then /usr/bin/chromium. Exit 2 when none. */
export function findChrome(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env.CHROME_PATH;
  if (explicit) {
    if (!existsSync(explicit)) throw new UserError(`CHROME_PATH is set to ${explicit}, which does not exist. ${INSTALL_HINT}`);
    return explicit;
  }
  try {
    const found = getChromePath();
    if (found && existsSync(found)) return found;
  } catch {
    // no Chrome in the usual places; try Debian's Chromium below
  }
  for (const candidate of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (existsSync(candidate)) return candidate;
  }
  throw new UserError(`No Chrome or Chromium found. ${INSTALL_HINT}`);
}
