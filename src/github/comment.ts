import { retry } from '@octokit/plugin-retry';
import { Octokit } from '@octokit/rest';
import { REVIEW_MARKER } from '../report/review-marker.js';

/** The pull request to comment on. */
export interface CommentTarget {
  token: string;
  owner: string;
  repo: string;
  pr: number;
  /** GitHub's REST API root; GitHub Enterprise Server uses https://HOST/api/v3. */
  apiUrl: string;
}

export type CommentOutcome = { action: 'created' | 'updated'; url: string } | { action: 'forbidden'; message: string };

/** A GitHub API failure that retries did not cure, said for people. */
export class GitHubError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
  ) {
    super(message);
    this.name = 'GitHubError';
  }
}

const RetryingOctokit = Octokit.plugin(retry);

/**
 * Creates perfgate's review comment on the pull request, or updates the one it made before (found
 * by its hidden marker, on any page of the comment list), so there is only ever one per marker. A 403 (a fork
 * without write permission) is returned as `forbidden`; server errors are retried, then thrown.
 */
export async function upsertReviewComment(
  target: CommentTarget,
  body: string,
  options: { retryAfterMs?: number; marker?: string } = {},
): Promise<CommentOutcome> {
  const octokit = new RetryingOctokit({
    auth: target.token,
    baseUrl: target.apiUrl.replace(/\/$/, ''),
    userAgent: 'perfgate',
    retry: { retryAfterBaseValue: options.retryAfterMs ?? 1000 },
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  });
  const where = { owner: target.owner, repo: target.repo };
  try {
    const comments = await octokit.paginate(octokit.rest.issues.listComments, { ...where, issue_number: target.pr, per_page: 100 });
    const marker = options.marker ?? REVIEW_MARKER;
    const existing = comments.find((comment) => comment.body?.includes(marker));
    if (existing) {
      const { data } = await octokit.rest.issues.updateComment({ ...where, comment_id: existing.id, body });
      return { action: 'updated', url: data.html_url };
    }
    const { data } = await octokit.rest.issues.createComment({ ...where, issue_number: target.pr, body });
    return { action: 'created', url: data.html_url };
  } catch (error) {
    const status = (error as { status?: number }).status;
    const message = (error as Error).message;
    if (status === 403) return { action: 'forbidden', message };
    const retries = (error as { request?: { request?: { retryCount?: number } } }).request?.request?.retryCount;
    const tried = retries ? ` after ${retries} retries` : '';
    throw new GitHubError(`GitHub API at ${target.apiUrl} answered ${status ?? 'with an error'}${tried}: ${message}`, status);
  }
}
