import type { FlowSpec, PagesConfig, Site } from '../config/model.js';
import { UserError } from '../errors.js';
import { launchChrome, type ChromeSession } from '../lab/chrome.js';
import { emulationOf, lighthouseConfig } from '../lab/lighthouse-config.js';
import { type ChromeAnswer, chromeAnswerOf } from '../lab/chrome-answer.js';
import { runLoginSetup, SetupFailed, stateSecrets, type SessionState } from '../lab/login-setup.js';
import { redirectError } from '../lab/redirect-error.js';
import type { LabSettings } from '../lab/settings.js';
import { type RunningSite, startSite } from '../lab/site.js';
import { type Answer, answerOf, type NoAnswer } from '../lab/status-of.js';
import { plural } from '../plural.js';
import { scrubSecrets } from '../scrub-secrets.js';
import { shortPath } from '../short-path.js';
import { inOrder } from './in-order.js';
import { baseUrlOf, planPages } from './run.js';

/** How bad a failed check is: a configuration or installation problem (exit 2), or a page that cannot be measured (exit 3). */
export type Severity = 2 | 3;

/** Where check's lines go: a check that passed, and one that failed with its severity. */
export interface CheckOutput {
  ok(what: string): void;
  /** Something that does not stop perfgate run, but that its user should know. */
  warn(what: string): void;
  failed(what: string, severity?: Severity): void;
}

/** Answers Lighthouse refuses to measure (its ERRORED_DOCUMENT_REQUEST): the page is not there, not allowed, or its server failed. */
const REFUSED = (status: number) => status >= 400;

/** The headers perfgate run sends a page, its cookies among them. */
const headersOf = (page: { headers: Record<string, string>; cookies: ReadonlyArray<{ name: string; value: string }> }) =>
  page.cookies.length > 0 ? { ...page.headers, cookie: page.cookies.map((c) => `${c.name}=${c.value}`).join('; ') } : page.headers;

/** What checkSite needs besides pages.json: Chrome for the logins (null when not found), the base (side by side), and where it runs. */
export interface CheckSiteOptions {
  chrome: string | null;
  /** pages.json's Lighthouse settings, for the screen and user agent each page's runs emulate (null: Chrome's own). */
  settings: LabSettings | null;
  /** The base of `--base-dir`, `--base-url` or `--base-command`, checked as perfgate run would start and ask it; null without one. */
  base: Site | null;
  env: Record<string, string | undefined>;
  cwd: string;
}

/** A planned page as check asks it: where, with what, and how its answer is judged. */
type AskedPage = ReturnType<typeof planPages>[number];

/**
 * The site starts (its folder is served, its command answers) and each page answers, loaded in
 * Chrome (when found) with its headers and cookies as a run loads it: an error status (which
 * Lighthouse refuses to measure), no answer, or a redirect elsewhere, by the server or by a script,
 * that the page does not allow (perfgate run's REDIRECTED) fails. The login setups (pages' and
 * flows') run there as perfgate run runs them, and the pages behind them are loaded with the
 * session they leave. Without Chrome, pages are asked with a plain request, and those behind a
 * login are asked without it, their answer only shown. With a base, the same for the base's build:
 * a page it lacks (404 or 410) is new in the pull request, and a base lacking every page is named
 * as perfgate run names it.
 */
export async function checkSite(pages: PagesConfig, options: CheckSiteOptions, given: CheckOutput): Promise<void> {
  // No line shows a secret: the values pages.json reads from the environment, and those the logins leave.
  const secrets = [...pages.secrets];
  const out: CheckOutput = {
    ok: (what) => given.ok(scrubSecrets(what, secrets)),
    warn: (what) => given.warn(scrubSecrets(what, secrets)),
    failed: (what, severity) => given.failed(scrubSecrets(what, secrets), severity),
  };
  const site = await started(pages.site, out, pages.file);
  if (!site) return;
  let session: ChromeSession | null = null;
  let base: RunningSite | null = null;
  try {
    if (pages.site.kind === 'command') out.ok(`\`${pages.site.command}\` started and answered at ${pages.site.url}`);
    const planned = planPages(pages, site.baseUrl, {});
    if (planned.length + pages.flows.length > 0 && options.chrome)
      session = await launchChrome(options.chrome).catch((error: unknown) => {
        if (!(error instanceof UserError)) throw error;
        out.failed(error.message);
        return null;
      });
    const { ask, login } = asker(session, secrets, options);
    const answers = await askHeld(planned, (page, held) => ask(page, site.baseUrl, '', held));
    for (const [i, page] of planned.entries()) {
      const { outcome, replay } = answers[i] as HeldOutcome;
      replay(out);
      judgeAnswer(page, '', outcome, options.cwd, out);
    }
    await checkFlowLogins(pages.flows, session && login, site.baseUrl, '', out);
    if (!options.base) return;
    base = await started(options.base, out, '--base-dir', '--base-url');
    if (!base) return;
    out.ok(`base: ${options.base.kind === 'static' ? `the folder ${shortPath(options.base.dir, options.cwd)}` : base.baseUrl}, measured side by side`);
    const onBase = planned.flatMap((page) => {
      const url = baseUrlOf(page, site.baseUrl, (base as RunningSite).baseUrl as string);
      if (!url) out.ok(`${page.name} ${page.url}: off the site, measured without a base`);
      return url ? [{ ...page, url }] : [];
    });
    const baseAnswers = await askHeld(onBase, (page, held) => ask(page, (base as RunningSite).baseUrl, ' (base)', held));
    const asked = onBase.map((page, i) => ({ page, ...(baseAnswers[i] as HeldOutcome) }));
    const gone = asked.filter(({ outcome }) => 'status' in outcome.answer && GONE.has(outcome.answer.status));
    const first = gone[0]?.outcome.answer;
    if (first && 'status' in first && gone.length === asked.length) {
      for (const { replay } of asked) replay(out);
      const where = options.base.kind === 'static' ? `the base's build (--base-dir ${options.base.dir})` : `the base (${base.baseUrl})`;
      return out.failed(
        `${where} has none of the pages (each answers ${first.status}): is it the base commit's built site? perfgate run would report each page's base as an error`,
        3,
      );
    }
    for (const { page, outcome, replay } of asked) {
      replay(out);
      if ('status' in outcome.answer && GONE.has(outcome.answer.status))
        out.ok(`${page.name} (base) ${page.url}: answers ${outcome.answer.status}, new in this pull request: measured without a base`);
      else judgeAnswer(page, ' (base)', outcome, options.cwd, out);
    }
    await checkFlowLogins(pages.flows, session && login, base.baseUrl, ' (base)', out);
  } finally {
    await session?.close();
    await base?.stop();
    await site.stop();
  }
}

/**
 * Pages loaded at once: a site's pages answer in about a third of the time, and neither a small
 * site's server nor a 2-core runner is flooded. Their lines are printed in pages.json's order.
 */
const PAGES_AT_ONCE = 3;

/** Answers that say a path does not exist: the page is not in that build (as perfgate run's new-page check reads them). */
const GONE = new Set([404, 410]);

/** A site started as perfgate run starts it, or null with its problem named. */
async function started(spec: Site, out: CheckOutput, file: string, urlKey?: string): Promise<RunningSite | null> {
  try {
    return await startSite(spec, file, urlKey);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    out.failed(error.message);
    return null;
  }
}

/** How one page was asked: its answer (or why there is none), and its login. */
interface Outcome {
  answer: Answer | ChromeAnswer | NoAnswer;
  /** `none`: the page has no setup; `ran`: loaded with its setup's session; `failed`: not asked, the setup failed; `no chrome`: asked without it. */
  login: 'none' | 'ran' | 'failed' | 'no chrome';
}

/**
 * Asks pages on a site: in Chrome, those behind a login with the session its setup leaves (each
 * setup run once per site, its lines going to the `out` of the first page or flow that needs it);
 * without Chrome, with a plain request. The values each login leaves join `secrets`.
 */
function asker(session: ChromeSession | null, secrets: string[], options: CheckSiteOptions) {
  const logins = new Map<string, Promise<SessionState | null>>();
  const loginOn = (file: string, siteUrl: string | null, side: string, out: CheckOutput) => {
    const key = `${siteUrl}\u0000${file}`;
    if (!logins.has(key))
      logins.set(
        key,
        logIn(file, session as ChromeSession, siteUrl, side, options, out).then((state) => {
          if (state) secrets.push(...stateSecrets(state));
          return state;
        }),
      );
    return logins.get(key) as Promise<SessionState | null>;
  };
  // In Chrome as a run loads it (Chrome says why when no document came); a plain request only when Chrome could not be asked.
  const inChrome = async (page: AskedPage, state: SessionState | null) => {
    // On the screen and with the user agent its runs emulate, as run's NO_FCP probe loads it.
    const emulated = options.settings ? emulationOf(lighthouseConfig(page.formFactor, options.settings)) : {};
    return (await chromeAnswerOf((session as ChromeSession).browser, { ...page, ...emulated }, state)) ?? (await answerOf(page.url, headersOf(page)));
  };
  const ask = async (page: AskedPage, siteUrl: string | null, side: string, out: CheckOutput): Promise<Outcome> => {
    if (!session) return { answer: await answerOf(page.url, headersOf(page)), login: page.setup ? 'no chrome' : 'none' };
    if (!page.setup) return { answer: await inChrome(page, null), login: 'none' };
    const state = await loginOn(page.setup, siteUrl, side, out);
    if (!state) return { answer: { why: 'not asked' }, login: 'failed' };
    return { answer: await inChrome(page, state), login: 'ran' };
  };
  return { ask, login: loginOn };
}

/** A page's outcome, and the lines asking it gave (the login it was the first to need), held back to be printed in order. */
interface HeldOutcome {
  outcome: Outcome;
  replay(to: CheckOutput): void;
}

/**
 * Asks `pages` on a site a few at a time, each one's lines held back: printed in the pages' order,
 * they read as if the pages were asked one after another (each setup just before the first page
 * behind it).
 */
function askHeld(pages: readonly AskedPage[], ask: (page: AskedPage, out: CheckOutput) => Promise<Outcome>): Promise<HeldOutcome[]> {
  return inOrder(
    pages,
    async (page) => {
      const lines: Array<(to: CheckOutput) => void> = [];
      const held: CheckOutput = {
        ok: (what) => lines.push((to) => to.ok(what)),
        warn: (what) => lines.push((to) => to.warn(what)),
        failed: (what, severity) => lines.push((to) => to.failed(what, severity)),
      };
      const outcome = await ask(page, held);
      const replay = (to: CheckOutput) => {
        for (const line of lines) line(to);
      };
      return { outcome, replay };
    },
    PAGES_AT_ONCE,
  );
}

/**
 * Runs the flows' login setups on a site as perfgate run runs them before the flows' runs (a setup
 * the pages ran already is not run again): a flow whose login fails is exit 3, as run reports it.
 * Without Chrome (`login` null) they are not run, as the pages' are not.
 */
async function checkFlowLogins(
  flows: readonly FlowSpec[],
  login: ((file: string, siteUrl: string | null, side: string, out: CheckOutput) => Promise<SessionState | null>) | null,
  siteUrl: string | null,
  side: string,
  out: CheckOutput,
): Promise<void> {
  if (!login) return;
  for (const flow of flows) {
    if (flow.setup && !(await login(flow.setup, siteUrl, side, out))) out.failed(`flow ${flow.name}${side}: not measurable, its login setup failed`, 3);
  }
}

/** One page's line from how it was asked. */
function judgeAnswer(page: AskedPage, side: string, { answer, login }: Outcome, cwd: string, out: CheckOutput): void {
  const name = `${page.name}${side} ${page.url}`;
  if (login === 'failed') out.failed(`${name}: not asked, its login setup failed`, 3);
  else if (login === 'no chrome')
    out.ok(
      `${name}: ${'status' in answer ? `answers ${answer.status}${endedAt(page.url, answer)}` : answer.why} without its login (Chrome is needed to log in)`,
    );
  else judge(name, page, answer, login === 'ran' && page.setup ? shortPath(page.setup, cwd) : null, out);
}

/** " at URL" when an answer came from another URL than the page's (not only its trailing slash), else "". */
const endedAt = (url: string, answer: Answer) => (redirectError(url, answer.url) ? ` at ${answer.url}` : '');

/** One page's line: its answer passes, or fails as perfgate run would fail the page; `setup` names the login it was loaded after. */
function judge(
  name: string,
  page: { url: string; allowRedirect: boolean },
  answer: Answer | ChromeAnswer | NoAnswer,
  setup: string | null,
  out: CheckOutput,
): void {
  const how = setup ? ' after its login' : '';
  if (!('status' in answer)) {
    out.failed(`${name}: ${answer.why}${how}`, 3);
    return;
  }
  const ended = endedAt(page.url, answer);
  const fix = setup
    ? `fix: make sure the login setup ${setup} logs in (perfgate run starts every run with the cookies and storage it leaves), or set "allowRedirect": true on the page if the redirect is expected`
    : `fix: give the page's path as the one it ends at, or set "allowRedirect": true on the page if the redirect is expected`;
  if (REFUSED(answer.status)) out.failed(`${name}: answers ${answer.status}${ended}${how}`, 3);
  else if (ended && !page.allowRedirect)
    out.failed(`${name}: redirects to ${answer.url}${how}, which perfgate run reports as REDIRECTED, measuring nothing\n  ${fix}`, 3);
  else {
    out.ok(`${name}: answers ${answer.status}${ended}${how}`);
    if ('loaded' in answer && !answer.loaded)
      out.warn(
        `${name}: its load event did not come within 10 s: perfgate run waits for it up to the page's timeoutMs (45 s by default), and reports a page whose script never yields as RUN_TIMEOUT`,
      );
    if ('painted' in answer && answer.painted === false)
      out.warn(
        `${name}: painted nothing within 3 s of its load event: a page that paints nothing at all (no text, no image) is one Lighthouse cannot measure, and perfgate run reports it as NO_FCP`,
      );
  }
}

/** Runs one login setup on a site as perfgate run does; its session, or null when it failed (named, exit 3 as the pages behind it would be) or did not load (named before). */
async function logIn(
  file: string,
  session: ChromeSession,
  siteUrl: string | null,
  side: string,
  options: CheckSiteOptions,
  out: CheckOutput,
): Promise<SessionState | null> {
  try {
    const state = await runLoginSetup(file, session.browser, siteUrl, options.env);
    const stored = state.storage.filter((s) => s.local.length + s.session.length > 0).length;
    const storage = stored > 0 ? ` and storage on ${plural(stored, 'origin')}` : '';
    out.ok(`login setup ${shortPath(file, options.cwd)}${side}: ran, leaving ${plural(state.cookies.length, 'cookie')}${storage}`);
    return state;
  } catch (error) {
    // A module that does not load was named with the modules already.
    if (error instanceof UserError) return null;
    if (!(error instanceof SetupFailed)) throw error;
    out.failed(error.message, 3);
    return null;
  }
}
