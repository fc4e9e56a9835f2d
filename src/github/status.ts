import type { CommitStatus } from '../report/commit-status.js';
import { type GitHubApi, GitHubError, githubRequest } from './client.js';

/** The commit a status is set on. */
export interface StatusTarget extends GitHubApi {
  owner: string;
  repo: string;
  sha: string;
}

export type StatusOutcome = { action: 'set' } | { action: 'forbidden'; message: string };

/**
 * Sets perfgate's commit status (POST /repos/{owner}/{repo}/statuses/{sha}); a newer status of the
 * same context replaces the older one on the pull request. A 403 (no `statuses: write`, a fork's
 * token) is returned as `forbidden`; server errors are retried, then thrown.
 */
export async function setCommitStatus(target: StatusTarget, status: CommitStatus, options: { retryAfterMs?: number } = {}): Promise<StatusOutcome> {
  const body = {
    state: status.state,
    context: status.context,
    description: status.description,
    ...(status.targetUrl ? { target_url: status.targetUrl } : {}),
  };
  try {
    await githubRequest(
      target,
      'POST',
      `/repos/${encodeURIComponent(target.owner)}/${encodeURIComponent(target.repo)}/statuses/${target.sha}`,
      body,
      options.retryAfterMs,
    );
    return { action: 'set' };
  } catch (error) {
    if (error instanceof GitHubError && error.status === 403) return { action: 'forbidden', message: error.said };
    throw error;
  }
}
