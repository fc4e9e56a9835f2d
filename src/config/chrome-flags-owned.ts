/**
 * Chrome flags that perfgate sets itself, or that would make the runs unlike Lighthouse's: a user's
 * `chromeFlags` in pages.json may not give them. Each with why, for the error that names it.
 */
export const OWNED_CHROME_FLAGS: ReadonlyArray<{ flag: string; why: string }> = [
  { flag: '--headless', why: 'perfgate runs Chrome headless itself (--headless=new, as Lighthouse CI does on a runner)' },
  { flag: '--remote-debugging-port', why: 'perfgate picks the port it drives Chrome through' },
  { flag: '--remote-debugging-pipe', why: 'perfgate drives Chrome through a port of its own' },
  { flag: '--user-data-dir', why: 'every Chrome perfgate starts gets a fresh profile, so no run inherits a cache or a login' },
  { flag: '--single-process', why: 'it moves the page into the browser process, unlike any user\u2019s Chrome, and skews every timing' },
];

/** The owned flag a user's flag gives (`--headless`, `--headless=old`, ...), or null. */
export function ownedChromeFlag(flag: string): { flag: string; why: string } | null {
  const name = flag.split('=')[0] as string;
  return OWNED_CHROME_FLAGS.find((owned) => owned.flag === name) ?? null;
}
