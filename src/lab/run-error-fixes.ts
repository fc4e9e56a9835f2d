import type { RunError } from '../types.js';

/**
 * What to do about a Lighthouse error whose own message does not say (rules as data): the fix is
 * added to the message that the terminal, the review and results.json show.
 */
export const RUN_ERROR_FIXES: Readonly<Record<string, string>> = {
  INSECURE_DOCUMENT_REQUEST:
    'For a server of your own with a self-signed certificate (a local or staging server), add "chromeFlags": ["--ignore-certificate-errors"] to pages.json.',
  CHROME_INTERSTITIAL_ERROR:
    'Chrome showed its own error page instead of the site: is the site running at that address? (A server with a self-signed certificate: add "chromeFlags": ["--ignore-certificate-errors"] to pages.json.)',
};

/** A run's error with the fix for its code added, when there is one. */
export function withFix(error: RunError): RunError {
  const fix = RUN_ERROR_FIXES[error.code];
  return fix && !error.message.includes(fix) ? { ...error, message: `${error.message} ${fix}` } : error;
}
