import type { RunError } from '../types.js';

/**
 * Lighthouse's errors for a page whose document never loaded. After one of them, Chrome itself is
 * asked why: a net error (nothing listens, the name does not resolve, the certificate is not
 * trusted) is what another try would only repeat.
 */
export const DOCUMENT_NOT_LOADED: ReadonlySet<string> = new Set([
  'CHROME_INTERSTITIAL_ERROR',
  'INSECURE_DOCUMENT_REQUEST',
  'DNS_FAILURE',
  'FAILED_DOCUMENT_REQUEST',
]);

/** What to do about Chrome's net errors (rules as data): the first rule that matches gives the fix. */
export const NET_ERROR_FIXES: ReadonlyArray<{ match: RegExp; fix: (url: URL) => string }> = [
  {
    match: /^net::ERR_CONNECTION_REFUSED$/,
    fix: (url) =>
      `nothing listens at ${url.host}. Start the site before perfgate, or let perfgate start it ("command" and "url", or "staticDir", in pages.json; --base-command or --base-dir for a base).`,
  },
  {
    match: /^net::ERR_NAME_NOT_RESOLVED$/,
    fix: (url) =>
      `the host name ${url.hostname} does not resolve on this machine. Check the URL, or map the name to a server: "chromeFlags": ["--host-resolver-rules=MAP ${url.hostname} 127.0.0.1:PORT"] in pages.json.`,
  },
  {
    match: /^net::ERR_UNSAFE_PORT$/,
    fix: (url) =>
      `Chrome never connects to port ${url.port} (one of the ports it blocks as unsafe). Serve the site on another port, or allow this one: "chromeFlags": ["--explicitly-allowed-ports=${url.port}"] in pages.json.`,
  },
  {
    match: /^net::ERR_CERT_/,
    fix: () =>
      `the server's certificate is not trusted. For a server of your own with a self-signed certificate (a local or staging server), add "chromeFlags": ["--ignore-certificate-errors"] to pages.json.`,
  },
  {
    match: /^net::ERR_(CONNECTION_TIMED_OUT|TIMED_OUT|ADDRESS_UNREACHABLE|INTERNET_DISCONNECTED|NETWORK_ACCESS_DENIED)$/,
    fix: (url) => `${url.host} cannot be reached from this machine (a firewall, or a server on another network?).`,
  },
];

/** Chrome's net error for `url` and what to do about it, in words: "(net::ERR_…): the fix", or "(net::ERR_…)." when no rule knows one. */
export function netErrorWords(url: string, netError: string): string {
  const rule = NET_ERROR_FIXES.find((r) => r.match.test(netError));
  return `(${netError})${rule ? `: ${rule.fix(new URL(url))}` : '.'}`;
}

/** The error of a page Chrome cannot load, in words: the URL, Chrome's net error and what to do. */
export function cannotLoadMessage(url: string, netError: string): string {
  return `Chrome could not load ${url} ${netErrorWords(url, netError)}`;
}

/**
 * The net error and URL in the message of a navigation of the flow's own that failed (Puppeteer's
 * `page.goto`: "net::ERR_CONNECTION_REFUSED at http://127.0.0.1:8080/cart"), or null.
 */
export function netErrorIn(message: string): { netError: string; url: string } | null {
  const found = /\b(net::ERR_[A-Z0-9_]+) at (https?:\/\/\S+)/.exec(message);
  return found ? { netError: found[1] as string, url: found[2] as string } : null;
}

/** A page's error that another try would only repeat: `netError` says why. */
export interface Unreachable {
  error: RunError;
  netError: string;
}

/**
 * Remembers the sites (origins) Chrome could not load, so that a site that is down costs one
 * Lighthouse try in all, not two per page. `netErrorOf` asks Chrome itself (see `net-error.ts`).
 */
export interface UnreachableSites {
  /** Before a try: when the page's site failed before and Chrome still cannot load the page, the error to record without running Lighthouse. */
  before(url: string): Promise<Unreachable | null>;
  /** After a failed try: when its document never loaded and Chrome itself cannot load the page, the error to record without retrying (the site is then remembered). */
  after(url: string, error: RunError): Promise<Unreachable | null>;
}

export function unreachableSites(netErrorOf: (url: string) => Promise<string | null>): UnreachableSites {
  const failed = new Map<string, string>();
  const originOf = (url: string) => new URL(url).origin;
  return {
    async before(url) {
      const code = failed.get(originOf(url));
      if (!code) return null;
      const netError = await netErrorOf(url);
      if (!netError) {
        // The site answers now: its pages are measured again.
        failed.delete(originOf(url));
        return null;
      }
      return { netError, error: { code, message: `not run: ${cannotLoadMessage(url, netError)} An earlier page of this site failed alike.` } };
    },
    async after(url, error) {
      if (!DOCUMENT_NOT_LOADED.has(error.code)) return null;
      const netError = await netErrorOf(url);
      if (!netError) return null;
      failed.set(originOf(url), error.code);
      return { netError, error: { code: error.code, message: cannotLoadMessage(url, netError) } };
    },
  };
}
