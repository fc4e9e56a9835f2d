import { readFileSync } from 'node:fs';
import { UserError } from '../errors.js';
import { GitHubError, pullRequestHead, upsertReviewComment } from '../github/comment.js';
import { runPage } from '../github/run-artifact.js';
import { setCommitStatus } from '../github/status.js';
import type { Io } from '../io.js';
import type { CommitStatus } from '../report/commit-status.js';

/** What `perfgate comment` posts to GitHub. */
export interface GitHubPost {
  body: string;
  /** Post or update the comment (false with --status-only: the status alone, linked to the run). */
  comment: boolean;
  /** The commit status to set too (`--status`), without its link, which is the comment's or the run's. */
  status: CommitStatus | null;
  pr?: number;
  sha?: string;
  /** Post only when the pull request's head is this commit (a workflow_run job: the commit the results were measured at). */
  headSha?: string;
  /** Whether the job summary holds the review (said when GitHub refuses). */
  inSummary: boolean;
}

interface PullRequestEvent {
  pull_request?: { number?: number; head?: { sha?: string } };
  issue?: { number?: number };
  number?: number;
}

/** The event payload GitHub Actions writes to GITHUB_EVENT_PATH, or null without one. */
function readEvent(env: NodeJS.ProcessEnv): PullRequestEvent | null {
  if (!env.GITHUB_EVENT_PATH) return null;
  try {
    return JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as PullRequestEvent;
  } catch (error) {
    throw new UserError(`GITHUB_EVENT_PATH=${env.GITHUB_EVENT_PATH} cannot be read as JSON (${(error as Error).message}). Pass the pull request with --pr N.`);
  }
}

/** The pull request and commit to post to: flags first, then the event payload, then GITHUB_SHA. */
export function githubTarget(post: Pick<GitHubPost, 'pr' | 'sha' | 'headSha'>, env: NodeJS.ProcessEnv): { pr: number | null; sha: string | null } {
  const event = post.pr !== undefined && post.sha !== undefined ? null : readEvent(env);
  return {
    pr: post.pr ?? event?.pull_request?.number ?? event?.issue?.number ?? event?.number ?? null,
    sha: post.sha ?? post.headSha ?? event?.pull_request?.head?.sha ?? env.GITHUB_SHA ?? null,
  };
}

/** The page of this workflow run, where the job summary is. */
const runUrl = (env: NodeJS.ProcessEnv) =>
  env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID ? runPage(env.GITHUB_SERVER_URL, env.GITHUB_REPOSITORY, env.GITHUB_RUN_ID) : undefined;

/**
 * Posts the review as the pull request's one perfgate comment and, with a status, sets the commit
 * status (linking to the comment; to the run when there is no comment, or GitHub refused it). A 403
 * (a fork's read-only token) is not a failure: the review is in the job summary, or printed. Exit
 * code 0, or 1 when the API failed.
 */
export async function postToGitHub(post: GitHubPost, marker: string, io: Io): Promise<number> {
  const { pr, sha } = githubTarget(post, io.env);
  const repository = io.env.GITHUB_REPOSITORY;
  const missing = [
    io.env.GITHUB_TOKEN ? null : 'GITHUB_TOKEN (a token that may write pull request comments)',
    repository && /^[^/\s]+\/[^/\s]+$/.test(repository) ? null : 'GITHUB_REPOSITORY (owner/name)',
    pr || (!post.comment && !post.headSha) ? null : 'the pull request number (--pr N, or GITHUB_EVENT_PATH of a pull_request event)',
    post.status && !sha ? 'the commit for --status (--sha, or GITHUB_SHA)' : null,
  ].filter(Boolean);
  if (missing.length > 0)
    throw new UserError(`perfgate comment needs ${missing.join(', ')}. GitHub Actions sets these; elsewhere pass them, or use --dry-run.`);
  const [owner, repo] = (repository as string).split('/') as [string, string];
  const where = { token: io.env.GITHUB_TOKEN as string, owner, repo, apiUrl: io.env.GITHUB_API_URL || 'https://api.github.com' };
  const retryAfterMs = io.env.PERFGATE_RETRY_AFTER_MS ? Number(io.env.PERFGATE_RETRY_AFTER_MS) : undefined;
  if (post.headSha) {
    const head = await pullRequestHead({ ...where, pr: pr as number }, { retryAfterMs }).catch((error: unknown) => {
      if (error instanceof GitHubError) throw new UserError(error.message, 1);
      throw error;
    });
    if (head !== post.headSha) {
      io.stderr.write(
        `perfgate: not posted: pull request #${pr}'s head is ${head.slice(0, 7)}, not ${post.headSha.slice(0, 7)}, the commit these results were measured at (a newer push has its own run).\n`,
      );
      return 0;
    }
  }
  const refused = (what: string, message: string) => {
    io.stderr.write(`GitHub refused the ${what} (403: ${message}), as it does for pull requests from forks. `);
    io.stderr.write(post.inSummary ? 'The review is in the job summary.\n' : 'Here is the review:\n');
  };
  try {
    const outcome = post.comment ? await upsertReviewComment({ ...where, pr: pr as number }, post.body, { retryAfterMs, marker }) : null;
    if (!outcome) io.stderr.write(`perfgate: no comment (--status-only)${post.inSummary ? '; the review is in the job summary' : ''}\n`);
    else if (outcome.action === 'forbidden') {
      refused('comment', outcome.message);
      if (!post.inSummary) io.stdout.write(`${post.body}\n`);
    } else io.stderr.write(`perfgate: review ${outcome.action}: ${outcome.url}\n`);
    if (post.status) {
      const link = !outcome || outcome.action === 'forbidden' ? runUrl(io.env) : outcome.url;
      const status = await setCommitStatus({ ...where, sha: sha as string }, { ...post.status, ...(link ? { targetUrl: link } : {}) }, { retryAfterMs });
      if (status.action === 'forbidden') io.stderr.write(`GitHub refused the commit status (403: ${status.message}); the workflow needs "statuses: write".\n`);
      else io.stderr.write(`perfgate: status ${post.status.context} set to ${post.status.state} on ${(sha as string).slice(0, 7)}\n`);
    }
    return 0;
  } catch (error) {
    if (error instanceof GitHubError) throw new UserError(`${error.message}${post.inSummary ? ' The review is in the job summary.' : ''}`, 1);
    throw error;
  }
}
