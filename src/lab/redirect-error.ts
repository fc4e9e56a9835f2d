import type { RunError } from '../types.js';

/** A URL without its fragment and trailing slash, to compare the page asked for with where a run ended. */
const comparable = (url: string) => {
  const parsed = new URL(url);
  parsed.hash = '';
  return parsed.href.replace(/\/$/, '');
};

/** The error of a run that ended on another URL than the one asked for, or null. */
export function redirectError(requested: string, final: string | undefined): RunError | null {
  if (!final || comparable(final) === comparable(requested)) return null;
  return {
    code: 'REDIRECTED',
    message: `asked for ${requested}, but the page ended at ${final} (a redirect, such as to a login page); that page was not measured. If the redirect is expected, set "allowRedirect": true on the page.`,
  };
}
