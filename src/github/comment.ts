import { REVIEW_MARKER } from '../report/review-marker.js';
import { type GitHubApi, GitHubError, githubPages, githubRequest } from './client.js';

/** The pull request to comment on. */
export interface CommentTarget extends GitHubApi {
  owner: string;
  repo: string;
  pr: number;
}

export { GitHubError } from './client.js';

export type CommentOutcome = { action: 'created' | 'updated'; url: string } | { action: 'forbidden'; message: string };

interface IssueComment {
  id: number;
  body?: string;
  html_url: string;
}

/** The commit a pull request's head is at now (GET /repos/{owner}/{repo}/pulls/{number}). */
export async function pullRequestHead(target: CommentTarget, options: { retryAfterMs?: number } = {}): Promise<string> {
  const { data } = await githubRequest<{ head?: { sha?: string } }>(
    target,
    'GET',
    `/repos/${encodeURIComponent(target.owner)}/${encodeURIComponent(target.repo)}/pulls/${target.pr}`,
    undefined,
    options.retryAfterMs,
  );
  const sha = data?.head?.sha;
  if (typeof sha !== 'string') throw new GitHubError(`GitHub API at ${target.apiUrl} gave pull request #${target.pr} without a head commit.`, 200);
  return sha;
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
  const issue = `/repos/${encodeURIComponent(target.owner)}/${encodeURIComponent(target.repo)}/issues`;
  try {
    const comments = await githubPages<IssueComment>(target, `${issue}/${target.pr}/comments`, options.retryAfterMs);
    const marker = options.marker ?? REVIEW_MARKER;
    const existing = comments.find((comment) => typeof comment.body === 'string' && comment.body.includes(marker));
    const { data } = existing
      ? await githubRequest<IssueComment>(target, 'PATCH', `${issue}/comments/${existing.id}`, { body }, options.retryAfterMs)
      : await githubRequest<IssueComment>(target, 'POST', `${issue}/${target.pr}/comments`, { body }, options.retryAfterMs);
    return { action: existing ? 'updated' : 'created', url: data.html_url };
  } catch (error) {
    if (error instanceof GitHubError && error.status === 403) return { action: 'forbidden', message: error.said };
    throw error;
  }
}
