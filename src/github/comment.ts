import { client, failure } from './client.js';
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

export { GitHubError } from './client.js';

export type CommentOutcome = { action: 'created' | 'updated'; url: string } | { action: 'forbidden'; message: string };

/** The commit a pull request's head is at now (GET /repos/{owner}/{repo}/pulls/{number}). */
export async function pullRequestHead(target: CommentTarget, options: { retryAfterMs?: number } = {}): Promise<string> {
  try {
    const { data } = await client(target, options.retryAfterMs).rest.pulls.get({ owner: target.owner, repo: target.repo, pull_number: target.pr });
    return data.head.sha;
  } catch (error) {
    throw failure(target, error);
  }
}

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
  const octokit = client(target, options.retryAfterMs);
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
    if ((error as { status?: number }).status === 403) return { action: 'forbidden', message: (error as Error).message };
    throw failure(target, error);
  }
}
