import path from 'node:path';
import type { Io } from '../io.js';
import { commitStatus } from '../report/commit-status.js';
import { reviewMarker } from '../report/review-marker.js';
import { githubTarget, postToGitHub } from './post-to-github.js';
import { postToGitLab } from './post-to-gitlab.js';
import { measuredSideBySide } from '../results.js';
import { lhciLinksBeside, loadReview, type ReportLinks, reviewMarkdown } from './review.js';
import { reviewId } from './review-id.js';
import { runArtifactLink } from './run-artifact-link.js';
import { appendStepSummary, summaryHolds } from './step-summary.js';
import { UserError } from '../errors.js';

export interface CommentFlags extends ReportLinks {
  results: string;
  base?: string;
  budgets: string;
  pr?: number;
  sha?: string;
  /** Post only if the pull request's head is this commit. */
  headSha?: string;
  dryRun?: boolean;
  /** The package (monorepos): one comment, one status and one summary section each. */
  id?: string;
  /** Also set the commit status `perfgate` (or `perfgate/<id>`). */
  status?: boolean;
  /** Set only the commit status, linked to the CI run: no comment. */
  statusOnly?: boolean;
  /** Post to GitLab (the default when GITLAB_CI=true). */
  gitlab?: boolean;
  /** Link the artifact of this GitHub workflow run (the fork pattern: the pull request's run uploaded it). */
  artifactOfRun?: string;
  /** The name of that artifact. */
  artifactName: string;
}

/**
 * `perfgate comment`: posts the review as one sticky pull request comment (GitHub) or merge request
 * note (GitLab), created once, then updated; with --status also the commit status, and with
 * --status-only the status alone (linked to the CI run; no comment). On GitHub it also
 * writes the review to the job summary, unless an earlier step of the job (perfgate run) already did.
 * Without write permission (403: pull requests from forks) the review is in the summary or printed,
 * and it exits 0.
 */
export async function commentCommand(flags: CommentFlags, io: Io): Promise<number> {
  const id = reviewId(flags.id, flags.budgets, io.cwd, io.env);
  const results = loadReview(flags.results, flags.base, io.cwd, flags.budgets, (note) => io.stderr.write(note));
  const judgedAgain = flags.base !== undefined && !measuredSideBySide(results.pages);
  const gitlab = flags.gitlab === true || io.env.GITLAB_CI === 'true';
  const artifactUrl = await artifactOf(flags, gitlab, io);
  const resultsFile = path.resolve(io.cwd, flags.results);
  const body = reviewMarkdown(results, { ...flags, artifactUrl, lhciLinks: lhciLinksBeside(resultsFile) }, id);
  const marker = reviewMarker(id);
  const status = flags.status || flags.statusOnly ? commitStatus(results, id) : null;
  const comment = flags.statusOnly !== true;
  // The same review is not added twice; one judged again against --base is a different review.
  const inSummary = !gitlab && (summaryHolds(resultsFile, io.env) && !judgedAgain ? true : appendStepSummary(body, resultsFile, io.env));
  if (flags.dryRun) {
    io.stdout.write(`${body}\n`);
    const where = gitlab
      ? `GitLab merge request !${flags.pr ?? io.env.CI_MERGE_REQUEST_IID ?? '(no merge request iid)'} of project ${io.env.CI_PROJECT_ID ?? '(CI_PROJECT_ID not set)'}`
      : `${io.env.GITHUB_REPOSITORY ?? '(GITHUB_REPOSITORY not set)'}#${githubTarget(flags, io.env).pr ?? '(no pull request number)'}`;
    io.stderr.write(comment ? `dry run: would post this to ${where} (marker ${marker})\n` : 'dry run: would post no comment (--status-only)\n');
    if (status) io.stderr.write(`dry run: would set the commit status ${status.context} to ${status.state}: ${status.description}\n`);
    return 0;
  }
  const post = { body, comment, status, pr: flags.pr, sha: flags.sha };
  return gitlab ? postToGitLab(post, marker, io) : postToGitHub({ ...post, headSha: flags.headSha, inSummary }, marker, io);
}

/** The artifact the review links: `--artifact-url`, or the one `--artifact-of-run` names, looked up on GitHub. */
async function artifactOf(flags: CommentFlags, gitlab: boolean, io: Io): Promise<string | undefined> {
  if (flags.artifactOfRun === undefined) return flags.artifactUrl;
  if (flags.artifactUrl !== undefined) throw new UserError('--artifact-url and --artifact-of-run both name the artifact to link: give one.');
  if (gitlab)
    throw new UserError(
      '--artifact-of-run names a GitHub workflow run; on GitLab, link the job\'s artifacts with --reports-base "$CI_JOB_URL/artifacts/file/.perfgate/".',
    );
  return runArtifactLink({ runId: flags.artifactOfRun, name: flags.artifactName }, flags.dryRun === true, io);
}
