/**
 * The command line as a function: `main(argv, io)` parses the arguments, runs a command and returns
 * its exit code, touching the outside world only through `io`. cli.ts (the bin) gives it the real
 * process; tests call it in-process.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { CRASH_EXIT_CODE, crashMessage, crashReport, writeCrashLog } from './crash-log.js';
import { Interrupted, UserError } from './errors.js';
import { borrowedFlagHint } from './borrowed-flag-hint.js';
import type { Io } from './io.js';
import type { AssertFlags } from './commands/assert.js';
import type { BackupFlags } from './commands/backup.js';
import type { CheckFlags } from './commands/check.js';
import type { CollectorFlags } from './commands/collector.js';
import type { CompareFlags } from './commands/compare.js';
import type { CommentFlags } from './commands/comment.js';
import type { InitFlags } from './commands/init.js';
import type { OpenFlags } from './commands/open.js';
import type { ReportFlags } from './commands/report.js';
import type { RunFlags } from './commands/run.js';
import type { SizeFlags } from './commands/size.js';
import type { UploadFlags } from './commands/upload.js';
import { VERSION } from './version.js';

const shard = (value: string): { index: number; count: number } => {
  const match = /^(\d+)\/(\d+)$/.exec(value);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || index < 1 || count < 1 || index > count) throw new InvalidArgumentError('expected i/n with 1 <= i <= n, e.g. 2/4.');
  return { index, count };
};

const nonNegativeInt = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number of at least 0.');
  return n;
};

const collect = (value: string, previous: string[] = []) => [...previous, value];

const positiveInt = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1.');
  return n;
};

const webAddress = (value: string): string => {
  if (!/^https?:\/\/[^\s/]/i.test(value)) throw new InvalidArgumentError('expected an http(s) URL.');
  return value;
};

const runId = (value: string): string => {
  if (!/^\d{1,20}$/.test(value)) throw new InvalidArgumentError('expected a workflow run id (a number, such as github.event.workflow_run.id).');
  return value;
};

/** Options several commands share, said the same way in each one's --help. */
const JUNIT_OPTION = ['--junit <file>', 'also write every budget as JUnit XML (GitLab, Jenkins and Azure Pipelines show it as tests)'] as const;
const ID_OPTION = [
  '--id <name>',
  'the package, in a monorepo: its own review comment, status and summary section (default: the config folder, when not the repository root)',
] as const;
const REPORTS_BASE_OPTION = [
  '--reports-base <prefix>',
  'where the HTML reports are: a folder (shown as paths) or a URL serving the output folder\'s files, such as GitLab\'s $CI_JOB_URL/artifacts/file/.perfgate/ (each report a link) (default: ".perfgate/")',
] as const;
const ARTIFACT_URL_OPTION = [
  '--artifact-url <url>',
  "the URL of an artifact holding the output folder (GitHub's upload-artifact output artifact-url): the review links it for the HTML reports",
  webAddress,
] as const;

const PAGES_OPTION = ['--pages <file>', 'pages file', 'pages.json'] as const;
const BUDGETS_OPTION = ['--budgets <file>', 'budgets file', 'budgets.json'] as const;

const BASE_DIR_OPTION = [
  '--base-dir <dir>',
  "side by side: the base commit's build, served like staticDir; its runs alternate with the pull request's",
] as const;
const BASE_URL_OPTION = ['--base-url <url>', 'side by side: a running base deployment (with --base-command: the URL to wait for)'] as const;
const BASE_COMMAND_OPTION = [
  '--base-command <cmd>',
  'side by side: a command that starts the base build, like "command" in pages.json (needs --base-url)',
] as const;

/** Builds the command-line program; each action loads its command on demand (Lighthouse is heavy) and stores the exit code it returns. */
export function program(io: Io, setCode: (code: number) => void): Command {
  const cli = new Command('perfgate')
    .description('Performance budgets for pull requests: Lighthouse lab runs, bundle sizes and field data against one budgets file.')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .exitOverride();

  cli
    .command('run')
    .description(
      "Run Lighthouse over the pages and user flows of pages.json (several runs each, one at a time; side by side with the base's build when given) and assert budgets.json.",
    )
    .option(...PAGES_OPTION)
    .option(...BUDGETS_OPTION)
    .option('--out <dir>', 'output folder for results.json and reports', '.perfgate')
    .option('--page <name>', 'measure only this page or user flow of pages.json, by its name; repeatable (bundles are then not measured)', collect)
    .option(
      '--url <url>',
      "measure this URL (or a path on pages.json's site) instead of pages.json's pages, with its settings, as lhci collect --url; repeatable; no pages.json needed for full URLs",
      collect,
    )
    .option('--runs <n>', 'runs per page and user flow, a fixed count (overrides pages.json; with --max-runs: the runs before the first look)', positiveInt)
    .option('--max-runs <n>', 'most runs per page and user flow (per side) while a verdict is still open (overrides sampling.maxRuns)', positiveInt)
    .addOption(new Option('--preset <preset>', 'Lighthouse preset (overrides pages.json)').choices(['mobile', 'desktop']))
    .option('--fresh-browser', 'start a new Chrome for every run instead of a fresh browser context (slower)')
    .option(
      '--save-traces',
      "keep each page's representative run's trace (the base's too, side by side) as reports/<page>.trace.json, and each user flow step's as reports/<flow>.flow.step-N.trace.json, for Chrome DevTools' Performance panel",
    )
    .option('--lighthouse-unchecked', 'measure with an installed Lighthouse outside the tested versions (12.6, 13.0-13.5) instead of refusing')
    .option(...BASE_DIR_OPTION)
    .option(...BASE_URL_OPTION)
    .option(...BASE_COMMAND_OPTION)
    .option('--base <results.json>', 'stored results of the base branch from an earlier job (another machine and day), for changes against it')
    .option(
      '--compare-identical',
      'measure both builds even when --base-dir holds the same bytes as the build, or a page loads the same files from both (default: such a build or page is measured once, nothing to compare)',
    )
    .option('--shard <i/n>', 'measure every n-th page starting at the i-th (CI matrices; join with perfgate merge)', shard)
    .option(...JUNIT_OPTION)
    .option(...ID_OPTION)
    .addHelpText(
      'after',
      '\nExit codes: 0 budgets pass (warnings and borderline budgets allowed), 1 an error-level budget failed,\n2 usage or configuration error, 3 a page could not be measured, 4 internal error (a bug; details in a log file), 130 interrupted.\nUnder GitHub Actions, failed and warned budgets are also printed as ::error / ::warning annotations.',
    )
    .action(async (flags) => setCode(await (await import('./commands/run.js')).runCommand(flags as RunFlags, io)));

  cli
    .command('check')
    .summary('Check, without measuring, that everything perfgate run needs is in place (as lhci healthcheck).')
    .alias('healthcheck')
    .description(
      "Check, without measuring, that everything perfgate run needs is in place (as lhci healthcheck): pages.json and budgets.json and the settings they make, the bundles' files, Chrome, Lighthouse and the audit ids the files name, the login and flow modules (each login run in Chrome), the site and each page's answer (loaded in Chrome as a run loads it, a page behind a login with its session).",
    )
    .option(...PAGES_OPTION)
    .option(...BUDGETS_OPTION)
    .option('--page <name>', 'check only this page or user flow of pages.json, by its name; repeatable', collect)
    .option('--url <url>', "check this URL (or a path on pages.json's site) instead of pages.json's pages, as run --url does; repeatable", collect)
    .option(
      '--base <results.json>',
      'stored results of the base branch, as run --base takes them: they load, and the pages they lack or measured otherwise are named',
    )
    .option(...BASE_DIR_OPTION)
    .option(...BASE_URL_OPTION)
    .option(...BASE_COMMAND_OPTION)
    .option('--lighthouse-unchecked', 'accept an installed Lighthouse outside the tested versions, as perfgate run does with this flag')
    .addHelpText(
      'after',
      '\nExit codes: 0 everything is in place, 2 a configuration or installation problem, 3 a page cannot be measured (it answers an error status such as 404, which Lighthouse refuses, nothing within 10 s,\nor a redirect to another URL without "allowRedirect": true, which perfgate run reports as REDIRECTED; or its login setup throws; or the base, side by side, has none of the pages).',
    )
    .action(async (flags) => setCode(await (await import('./commands/check.js')).checkCommand(flags as CheckFlags, io)));

  cli
    .command('init')
    .summary('Start a project: pages.json, budgets.json, lighthouserc.cjs and a workflow from the built site or a Lighthouse CI config.')
    .description(
      'Start a project: find the built site (or a command that serves it), list its pages, write pages.json, budgets.json, lighthouserc.cjs and the GitHub workflow. A Lighthouse CI config in the folder is imported: its URLs and settings into pages.json, its assertions into budgets.json.',
    )
    .option('--dir <folder>', 'the build folder (default: the first of dist/, build/, out/, public/, _site/, www/ holding an index.html)')
    .option('--command <cmd>', 'a command that serves the site instead (with --url)')
    .option('--url <url>', 'the URL the command serves the site at')
    .option('--path <path>', 'a page of a site served by a command, repeatable (default: /)', collect)
    .option('--max-pages <n>', 'pages at most', positiveInt, 10)
    .option(
      '--build <cmd>',
      'how the workflow builds the site (and the merge base) (default: "npm ci && npm run build"; a library whose package.json has no build script: "npm ci")',
    )
    .option('--no-workflow', 'do not write .github/workflows/perfgate.yml')
    .option('--lhci-config <file>', 'the Lighthouse CI config to import (default: the lighthouserc lhci would read here)')
    .option('--no-lhci', 'do not import a Lighthouse CI config')
    .option('--force', 'replace files that exist (default: keep them)')
    .addHelpText('after', '\nNever replaces a file without --force. Exit codes: 0 done, 2 no site found or a bad flag.')
    .action(async (flags) => setCode(await (await import('./commands/init.js')).initCommand(flags as InitFlags, io)));

  cli
    .command('assert')
    .description('Assert Lighthouse JSON reports that already exist (files, folders, globs; e.g. .lighthouseci/) without launching Chrome.')
    .requiredOption('--lhr <paths...>', 'Lighthouse reports: files, folders or globs')
    .option(...BUDGETS_OPTION)
    .option('--pages <file>', 'pages file, to name pages by their URL')
    .option('--out <dir>', 'output folder for results.json', '.perfgate')
    .option('--base <results.json>', "the base branch's results, for changes against it")
    .option(...JUNIT_OPTION)
    .option(...ID_OPTION)
    .addHelpText(
      'after',
      '\nExit codes: 0 budgets pass (warnings allowed), 1 an error-level budget failed,\n2 usage or configuration error, 3 a page could not be measured, 4 internal error.',
    )
    .action(async (flags) => setCode(await (await import('./commands/assert.js')).assertCommand(flags as AssertFlags, io)));

  cli
    .command('size')
    .summary('Measure the bundles of budgets.json (or .size-limit.json) with size-limit, without Lighthouse.')
    .description(
      'Measure the bundles of budgets.json (or the checks of an existing .size-limit.json) with size-limit (sizes, and optionally loading and running time) without Lighthouse.',
    )
    .argument('[files...]', 'files to measure as one check, with no config, as size-limit FILE... does (with --limit, their limit)')
    .option(...BUDGETS_OPTION)
    .option(
      '--config <file>',
      'size-limit\'s config to measure, as size-limit --config reads it (.size-limit.json, .size-limit.js or .ts, or a package.json with "size-limit"), its paths relative to its folder; budgets.json, when present, then has no bundles',
    )
    .option(
      '--limit <limit>',
      'the limit of every size-limit check (or of the files given), as size-limit --limit sets it: a size ("10 kB") or a time ("500 ms")',
    )
    .option('--out <dir>', 'output folder for results.json', '.perfgate')
    .option('--base <results.json>', "the base branch's results, for size changes against it")
    .option(
      '--base-root <dir>',
      "side by side: the base commit's copy of the folder budgets.json (or size-limit's config) is in, with its bundles built; each bundle is measured there too, for its change against the base",
    )
    .option(...JUNIT_OPTION)
    .option(...ID_OPTION)
    .option(
      '--json',
      'print the bundles on stdout as size-limit --json does (name, passed, size, sizeLimit, running, loading), for scripts and actions written for it; the table goes to stderr',
    )
    .option('--hide-passed', 'leave the bundles that pass out of the table, as size-limit --hide-passed does')
    .option('--silent', 'print nothing when every bundle passes, else only those that did not, as size-limit --silent does')
    .option('--highlight-less', 'say how far below its limit each passing bundle is, as size-limit --highlight-less does')
    .option(
      '--save-bundle <dir>',
      "keep each bundled check's bundle (a library's import, bundled with esbuild or webpack) in a folder of its own here, as size-limit --save-bundle does, to read it",
    )
    .option('--clean-dir', 'empty the --save-bundle folder first, as size-limit --clean-dir does')
    // size-limit's, for its webpack bundle analyser: refused with what perfgate compares by instead.
    .addOption(new Option('--compare-with <file>').hideHelp())
    .option(
      '--debug',
      'after the results, what perfgate read and measured as JSON (its version, each check as read, each measurement), for an issue report, as size-limit --debug prints its config',
    )
    .option('--watch', 'measure again whenever a file in this folder changes (node_modules aside), until Ctrl-C, as size-limit --watch does')
    .option(
      '--why',
      "after the table, what each bundle holds, as size-limit --why shows it: its sources' shares before compression (from source maps, or the bundler's account of a bundled check), else its files' shares",
    )
    .addHelpText(
      'after',
      '\nExit codes: 0 budgets pass (warnings allowed), 1 an error-level budget failed,\n2 usage or configuration error (including a glob that matches no file), 4 internal error.',
    )
    .action(async (files: string[], flags) => setCode(await (await import('./commands/size.js')).sizeCommand({ ...(flags as SizeFlags), files }, io)));

  cli
    .command('collector')
    .summary('Run the field data collector for the RUM beacon (SQLite, or PostgreSQL with --database-url).')
    .description(
      'Run the field data collector: POST /rum for the RUM snippet; GET /healthz; behind the read token the dashboard (GET /), GET /api/summary, /api/aggregates, /api/targets and its own metrics (GET /metrics, Prometheus). SQLite by default, PostgreSQL with --database-url. deploy/ in the package holds a systemd unit, and nginx and Caddy configs, for a public collector.',
    )
    .option('--port <port>', 'port to listen on', nonNegativeInt, 8787)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--db <file>', 'SQLite database file', 'perfgate-field.db')
    .option('--database-url <url>', 'PostgreSQL connection URL (default: DATABASE_URL)')
    .option('--allow-origin <origin>', 'an origin allowed to send beacons from the browser, repeatable, "*" for any', collect)
    .option(
      '--allow-host <host[:port]>',
      'a name the collector is reached by, repeatable; other Host headers get 421 (default on loopback: its own addresses)',
      collect,
    )
    .option('--rate-limit <n>', 'beacons per second per client (IPv4 address or IPv6 /64), 0 for no limit', nonNegativeInt, 20)
    .option('--daily-quota <n>', 'samples per client per UTC day, 0 for no quota', nonNegativeInt, 0)
    .option(
      '--trust-proxy [hops]',
      'behind N reverse proxies of your own: the client is the X-Forwarded-For entry N hops from the right (default 1)',
      positiveInt,
    )
    .option(
      '--read-token <token>',
      'bearer token for GET /api/* and the dashboard (default: PERFGATE_READ_TOKEN); required off loopback and behind --trust-proxy',
    )
    .option(
      '--metrics-token <token>',
      "bearer token for GET /metrics alone, a scraper's that opens no field data (default: PERFGATE_METRICS_TOKEN); the read token opens it too",
    )
    .option('--public-read', 'off loopback or behind --trust-proxy, serve the dashboard and /api/* without a read token, on purpose')
    .option('--write-token <token>', 'bearer token that lets clients without an Origin header (apps, relays) send beacons (default: PERFGATE_WRITE_TOKEN)')
    .option('--allow-no-origin', 'accept beacons without an Origin header and without the write token')
    .option('--no-redact', "store route names and element selectors as sent (a route's query string and fragment are still cut off)")
    .option('--redact-pattern <regex>', 'also replace path segments, and names in element selectors, matching this by ":redacted", repeatable', collect)
    .option('--respect-gpc', 'store nothing from browsers that send Sec-GPC: 1 (Global Privacy Control)')
    .option('--max-connections <n>', 'open connections at most; more are refused', positiveInt, 4096)
    .option('--dashboard-pages <n>', 'pages the dashboard shows, most samples first', positiveInt, 50)
    .option(
      '--dashboard-max-age <seconds>',
      'serve a rendered dashboard again for this long before rendering a new one, 0 to render every time',
      nonNegativeInt,
      30,
    )
    .option('--retention-days <n>', 'delete samples older than this (whole UTC days)', positiveInt, 90)
    .option('--results <file>', "a lab results.json for the dashboard's lab markers (read on each request)")
    .addHelpText(
      'after',
      '\nLogs one JSON line per event to stderr. Stops cleanly on SIGTERM or Ctrl-C: requests in flight finish\n(at most 10 s) and the last batch is committed.',
    )
    .action(async (flags) => setCode(await (await import('./commands/collector.js')).collectorCommand(flags as CollectorFlags, io)));

  cli
    .command('backup')
    .summary("Copy the collector's SQLite database while it runs: one consistent, checked snapshot.")
    .description(
      "Copy the collector's SQLite database to FILE while the collector runs: one consistent snapshot, checked, synced and then put in FILE's place (FILE stays whole throughout). The copy opens as the collector's database.",
    )
    .argument('<file>', 'the copy (replaced once the new one is complete)')
    .option('--db <file>', "the collector's SQLite file", 'perfgate-field.db')
    .option('--database-url <url>', 'PostgreSQL is backed up with pg_dump: perfgate says how')
    .addHelpText(
      'after',
      '\nFor a daily copy, e.g. in cron: perfgate backup --db /var/lib/perfgate/field.db /var/backups/perfgate/field.db\nRestore: stop the collector, put the copy in place of its --db file, start it.',
    )
    .action(async (to: string, flags) =>
      setCode(await (await import('./commands/backup.js')).backupCommand({ ...(flags as Omit<BackupFlags, 'to'>), to }, io)),
    );

  cli
    .command('compare')
    .summary('Lab versus field per page (lab medians, field p75, field budgets), added to results.json for the review.')
    .description(
      'Lab versus field per page: lab medians next to field p75, ratio, Core Web Vitals rating, field budgets. Adds them to results.json for the review.',
    )
    .option('--results <file>', 'results.json of a lab run', '.perfgate/results.json')
    .option('--collector <url>', 'a running collector (GET /api/summary; PERFGATE_READ_TOKEN for its token)')
    .option('--db <file>', "the collector's SQLite file")
    .option('--database-url <url>', "the collector's PostgreSQL (default: DATABASE_URL)")
    .option('--budgets <file>', 'budgets file (its "field" section)', 'budgets.json')
    .option('--since <days>', 'field data of the last N days', positiveInt, 28)
    .option('--min-samples <n>', 'fewer samples than this is "not enough field data"', positiveInt, 50)
    .option('--html <file>', 'also write the dashboard (charts) as one self-contained HTML file')
    .option(...JUNIT_OPTION)
    .option(...ID_OPTION)
    .addOption(new Option('--format <format>', 'output format').choices(['md', 'json']).default('md'))
    .action(async (flags) => setCode(await (await import('./commands/compare.js')).compareCommand(flags as CompareFlags, io)));

  cli
    .command('merge')
    .description('Join the results.json of several jobs (perfgate run --shard i/n) into one results.json and one review.')
    .argument('<results...>', 'folders holding results.json, or results.json files')
    .option('--out <dir>', 'output folder for the merged results.json', '.perfgate')
    .option(...JUNIT_OPTION)
    .option(...ID_OPTION)
    .addHelpText(
      'after',
      '\nExit codes as perfgate run: 0 pass or warn, 1 an error-level budget failed, 2 usage error, 3 a page could not be measured, 4 internal error.',
    )
    .action(async (inputs: string[], flags) =>
      setCode(
        await (await import('./commands/merge.js')).mergeCommand(
          { inputs, out: flags.out as string, junit: flags.junit as string | undefined, id: flags.id as string | undefined },
          io,
        ),
      ),
    );

  cli
    .command('upload')
    .summary('Upload the runs of the last perfgate run with lhci upload: a Lighthouse CI server, public storage or a folder.')
    .description(
      "Upload the pull request's runs of the last perfgate run with lhci upload: to a Lighthouse CI server (its history and diffs), temporary public storage or a folder.",
    )
    .usage('[--out <dir>] [lhci upload options]')
    .argument('[lhci-options...]', 'passed on to lhci upload as they are, such as --target=lhci --serverBaseUrl=URL --token=TOKEN')
    .option('--out <dir>', 'the output folder of perfgate run', '.perfgate')
    .allowUnknownOption()
    .addHelpText(
      'after',
      "\nEvery other option is lhci upload's (npx lhci upload --help), and so are its LHCI_* environment variables and the\nupload section of a lighthouserc in this folder: --target=lhci --serverBaseUrl=URL --token=TOKEN for a server,\n--target=temporary-public-storage, --target=filesystem --outputDir=DIR, --githubToken for its status checks.\nThe runs go to .lighthouseci/ as lhci collect leaves them (its earlier runs there are cleared), with\nperfgate's failed budgets as its assertion-results.json. lhci's links (a build diff or report per URL) are kept\nby page in <out>/lhci-links.json, and perfgate comment and report link them (so does the job summary, under the\nreview perfgate run put there). Needs @lhci/cli (0.15).\nExit code: lhci upload's.",
    )
    .action(async (lhciArgs: string[], flags) =>
      setCode(await (await import('./commands/upload.js')).uploadCommand({ out: flags.out as string, lhciArgs } satisfies UploadFlags, io)),
    );

  cli
    .command('report')
    .description('Print the budget review of a results.json as GitHub-flavoured markdown (or JSON), compared with the base branch when given.')
    .option('--results <file>', 'results.json of this run', '.perfgate/results.json')
    .option('--base <file>', "the base branch's results.json: judged against it as perfgate run --base would")
    .option('--budgets <file>', 'budgets file whose comparison settings and regression budgets judge the change (used when present)', 'budgets.json')
    .addOption(new Option('--format <format>', 'output format').choices(['md', 'json']).default('md'))
    .option(...REPORTS_BASE_OPTION)
    .option(...ARTIFACT_URL_OPTION)
    .option(...ID_OPTION)
    .action(async (flags) => setCode(await (await import('./commands/report.js')).reportCommand(flags as ReportFlags, io)));

  cli
    .command('open')
    .description(
      "Open each page's representative HTML report (and each user flow's) of the last run in the browser, as lhci open does ($BROWSER when set, else the system's opener).",
    )
    .option('--results <file>', 'results.json of the run', '.perfgate/results.json')
    .option('--page <name>', 'open only the report of this page or user flow; repeatable', collect)
    .action(async (flags) => setCode(await (await import('./commands/open.js')).openCommand(flags as OpenFlags, io)));

  cli
    .command('comment')
    .description('Post the review as one sticky pull request comment (GitHub) or merge request note (GitLab), created once, then updated.')
    .option('--results <file>', 'results.json of this run', '.perfgate/results.json')
    .option('--base <file>', "the base branch's results.json: judged against it as perfgate run --base would")
    .option('--budgets <file>', 'budgets file whose comparison settings and regression budgets judge the change (used when present)', 'budgets.json')
    .option('--pr <number>', 'pull request number, or merge request iid on GitLab (default: from the CI)', positiveInt)
    .option('--status', 'also set the commit status "perfgate" (or "perfgate/<id>") with the verdict and a link to the review')
    .option('--status-only', 'set only the commit status, linked to the CI run, and post no comment (the review stays in the job summary)')
    .option(
      '--sha <commit>',
      "the commit for --status (default: the pull request's head, from GitHub's event or GitLab's CI_MERGE_REQUEST_SOURCE_BRANCH_SHA; else GITHUB_SHA / CI_COMMIT_SHA)",
    )
    .option('--head-sha <commit>', "post only if the pull request's head is this commit (a workflow_run job: the commit the results were measured at)")
    .option('--gitlab', 'post a merge request note on GitLab (the default when GITLAB_CI=true)')
    .option('--dry-run', 'print what would be posted, post nothing')
    .option(...REPORTS_BASE_OPTION)
    .option(...ARTIFACT_URL_OPTION)
    .option(
      '--artifact-of-run <run-id>',
      "link the artifact another GitHub workflow run uploaded, found through GitHub's API (the fork pattern, perfgate-review.yml: the pull request's run)",
      runId,
    )
    .option('--artifact-name <name>', 'the name of that artifact', 'perfgate')
    .option(...ID_OPTION)
    .addHelpText(
      'after',
      '\nGitHub: GITHUB_TOKEN, GITHUB_REPOSITORY (owner/name), GITHUB_EVENT_PATH, GITHUB_API_URL (GitHub Enterprise Server);\nthe review also goes to GITHUB_STEP_SUMMARY unless perfgate run already put it there in this job.\nGitLab: PERFGATE_GITLAB_TOKEN (api scope), and from GitLab CI: CI_API_V4_URL, CI_PROJECT_ID, CI_MERGE_REQUEST_IID.\nExit codes: 0 posted (or refused with 403, as for forks: the review is in the job summary or printed),\n1 the API failed after retries, 2 usage error, 4 internal error.',
    )
    .action(async (flags) => setCode(await (await import('./commands/comment.js')).commentCommand(flags as CommentFlags, io)));

  return cli;
}

/** Runs the CLI with the given arguments (without node and script) and returns the exit code. */
export async function main(args: string[], io: Io): Promise<number> {
  let code = 0;
  const cli = program(io, (c) => (code = c));
  if (args.length === 0) {
    cli.outputHelp();
    return 2;
  }
  try {
    await cli.parseAsync(args, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander names the first unknown flag, and none when a required option is missing first
      // (`perfgate assert --config=lighthouserc.js`, without --lhr): then each flag the command lacks.
      const unknown = error.code === 'commander.unknownOption' ? /unknown option '([^']+)'/.exec(error.message)?.[1] : undefined;
      const flags = unknown !== undefined ? [unknown] : error.code === 'commander.missingMandatoryOptionValue' ? flagsNotOf(cli, args) : [];
      for (const flag of flags) {
        const hint = borrowedFlagHint(flag, args);
        if (hint !== null) io.stderr.write(`perfgate: ${hint}\n`);
      }
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof UserError || error instanceof Interrupted) {
      io.stderr.write(`\nperfgate: ${error.message}\n`);
      return error.exitCode;
    }
    return reportCrash(error, args, io);
  }
}

/** The flags in `args` (up to `--`) that the command they are given to does not take. */
function flagsNotOf(cli: Command, args: readonly string[]): string[] {
  const command = cli.commands.find((c) => [c.name(), ...c.aliases()].includes(args[0] ?? ''));
  if (command === undefined) return [];
  const end = args.indexOf('--');
  const given = args.slice(1, end < 0 ? undefined : end).filter((a) => /^--?[^-\d]/.test(a));
  const taken = new Set(command.options.flatMap((o) => [o.long, o.short]).concat('-h', '--help'));
  return given.filter((a) => !taken.has(a.split('=')[0]));
}

/** An unexpected exception: a short message, the details in a log file, exit code 4 (never 1, a failed budget's). */
export function reportCrash(error: unknown, args: readonly string[], io: Pick<Io, 'stderr' | 'cwd'>): number {
  const now = new Date();
  io.stderr.write(crashMessage(error, writeCrashLog(error, args, io.cwd, now), crashReport(error, args, now)));
  return CRASH_EXIT_CODE;
}
