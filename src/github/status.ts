import type { CommitStatus } from '../report/commit-status.js';
import { client, GitHubError } from './client.js';

/** The commit a status is set on. */
export interface StatusTarget {
  token: string;
  owner: string;
  repo: string;
  sha: string;
  apiUrl: string;
}

export type StatusOutcome = { action: 'set' } | { action: 'forbidden'; message: string };

/**
 * Sets perfgate's commit status (POST /repos/{owner}/{repo}/statuses/{sha}); a newer status of the
 * same context replaces the older one on the pull request. A 403 (no `statuses: write`, a fork's
 * token) is returned as `forbidden`; server errors are retried, then thrown.
 */
export async function setCommitStatus(target: StatusTarget, status: CommitStatus, options: { retryAfterMs?: number } = {}): Promise<StatusOutcome> {
  const octokit = client(target, options.retryAfterMs);
  try {
    await octokit.rest.repos.createCommitStatus({
      owner: target.owner,
      repo: target.repo,
      sha: target.sha,
      state: status.state,
      context: status.context,
      description: status.description,
      ...(status.targetUrl ? { target_url: status.targetUrl } : {}),
    });
    return { action: 'set' };
  } catch (error) {
    const code = (error as { status?: number }).status;
    if (code === 403) return { action: 'forbidden', message: (error as Error).message };
    throw new GitHubError(`GitHub API at ${target.apiUrl} answered ${code ?? 'with an error'} to the commit status: ${(error as Error).message}`, code);
  }
}
