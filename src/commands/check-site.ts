import type { PagesConfig } from '../config/model.js';
import { UserError } from '../errors.js';
import { launchChrome, type ChromeSession } from '../lab/chrome.js';
import { loggedInAnswerOf } from '../lab/logged-in-answer.js';
import { runLoginSetup, SetupFailed, stateSecrets, type SessionState } from '../lab/login-setup.js';
import { redirectError } from '../lab/redirect-error.js';
import { startSite } from '../lab/site.js';
import { type Answer, answerOf } from '../lab/status-of.js';
import { plural } from '../plural.js';
import { scrubSecrets } from '../scrub-secrets.js';
import { shortPath } from '../short-path.js';
import { planPages } from './run.js';

/** How bad a failed check is: a configuration or installation problem (exit 2), or a page that cannot be measured (exit 3). */
export type Severity = 2 | 3;

/** Where check's lines go: a check that passed, and one that failed with its severity. */
export interface CheckOutput {
  ok(what: string): void;
  failed(what: string, severity?: Severity): void;
}

/** Answers Lighthouse refuses to measure (its ERRORED_DOCUMENT_REQUEST): the page is not there, not allowed, or its server failed. */
const REFUSED = (status: number) => status >= 400;

/** The headers perfgate run sends a page, its cookies among them. */
const headersOf = (page: { headers: Record<string, string>; cookies: ReadonlyArray<{ name: string; value: string }> }) =>
  page.cookies.length > 0 ? { ...page.headers, cookie: page.cookies.map((c) => `${c.name}=${c.value}`).join('; ') } : page.headers;

/**
 * The site starts (its folder is served, its command answers) and each page answers, asked with
 * its headers and cookies: an error status (which Lighthouse refuses to measure), no answer, or
 * a redirect elsewhere that the page does not allow (perfgate run's REDIRECTED) fails. The login
 * setups run in Chrome (`chrome`, when found) as perfgate run runs them, and the pages behind
 * them are loaded there with the session they leave; without Chrome those pages are asked
 * without it, and their answer is only shown.
 */
export async function checkSite(
  pages: PagesConfig,
  chrome: string | null,
  env: Record<string, string | undefined>,
  out: CheckOutput,
  cwd: string,
): Promise<void> {
  let site: Awaited<ReturnType<typeof startSite>>;
  try {
    site = await startSite(pages.site, pages.file);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    out.failed(error.message);
    return;
  }
  let session: ChromeSession | null = null;
  try {
    if (pages.site.kind === 'command') out.ok(`\`${pages.site.command}\` started and answered at ${pages.site.url}`);
    const planned = planPages(pages, site.baseUrl, {});
    const setups = [...new Set([...planned, ...pages.flows].map((p) => p.setup).filter((f): f is string => Boolean(f)))];
    const logins = new Map<string, SessionState | null>();
    if (setups.length > 0 && chrome) {
      session = await launchChrome(chrome).catch((error: unknown) => {
        if (!(error instanceof UserError)) throw error;
        out.failed(error.message);
        return null;
      });
      for (const file of session ? setups : []) logins.set(file, await logIn(file, session as ChromeSession, site.baseUrl, env, out, cwd));
    }
    const secrets = [...logins.values()].flatMap((state) => (state ? stateSecrets(state) : []));
    for (const page of planned) {
      const name = `${page.name} ${page.url}`;
      if (page.setup && logins.get(page.setup) === null) {
        out.failed(`${name}: not asked, its login setup failed`, 3);
        continue;
      }
      const state = page.setup ? logins.get(page.setup) : undefined;
      const answer = scrubSecrets(state && session ? await loggedInAnswerOf(session.browser, page, state) : await answerOf(page.url, headersOf(page)), secrets);
      if (page.setup && !state)
        out.ok(`${name}: ${answer ? `answers ${answer.status}${endedAt(page.url, answer)}` : 'no answer'} without its login (Chrome is needed to log in)`);
      else judge(name, page, answer, page.setup ? shortPath(page.setup, cwd) : null, out);
    }
  } finally {
    await session?.close();
    await site.stop();
  }
}

/** " at URL" when an answer came from another URL than the page's (not only its trailing slash), else "". */
const endedAt = (url: string, answer: Answer) => (redirectError(url, answer.url) ? ` at ${answer.url}` : '');

/** One page's line: its answer passes, or fails as perfgate run would fail the page; `setup` names the login it was loaded after. */
function judge(name: string, page: { url: string; allowRedirect: boolean }, answer: Answer | null, setup: string | null, out: CheckOutput): void {
  const how = setup ? ' after its login' : '';
  const ended = answer ? endedAt(page.url, answer) : '';
  const fix = setup
    ? `fix: make sure the login setup ${setup} logs in (perfgate run starts every run with the cookies and storage it leaves), or set "allowRedirect": true on the page if the redirect is expected`
    : `fix: give the page's path as the one it ends at, or set "allowRedirect": true on the page if the redirect is expected`;
  if (answer === null) out.failed(`${name}: no answer within 10 s${how}`, 3);
  else if (REFUSED(answer.status)) out.failed(`${name}: answers ${answer.status}${ended}${how}`, 3);
  else if (ended && !page.allowRedirect)
    out.failed(`${name}: redirects to ${answer.url}${how}, which perfgate run reports as REDIRECTED, measuring nothing\n  ${fix}`, 3);
  else out.ok(`${name}: answers ${answer.status}${ended}${how}`);
}

/** Runs one login setup as perfgate run does; its session, or null when it failed (named, exit 3 as the pages behind it would be) or did not load (named before). */
async function logIn(
  file: string,
  session: ChromeSession,
  baseUrl: string | null,
  env: Record<string, string | undefined>,
  out: CheckOutput,
  cwd: string,
): Promise<SessionState | null> {
  try {
    const state = await runLoginSetup(file, session.browser, baseUrl, env);
    const stored = state.storage.filter((s) => s.local.length + s.session.length > 0).length;
    const storage = stored > 0 ? ` and storage on ${plural(stored, 'origin')}` : '';
    out.ok(`login setup ${shortPath(file, cwd)}: ran, leaving ${plural(state.cookies.length, 'cookie')}${storage}`);
    return state;
  } catch (error) {
    // A module that does not load was named with the modules already.
    if (error instanceof UserError) return null;
    if (!(error instanceof SetupFailed)) throw error;
    out.failed(error.message, 3);
    return null;
  }
}
