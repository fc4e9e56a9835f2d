import { retry } from '@octokit/plugin-retry';
import { Octokit } from '@octokit/rest';
import type { CommitStatus } from '../report/commit-status.js';
import { GitHubError } from './comment.js';

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
  const octokit = new (Octokit.plugin(retry))({
    auth: target.token,
    baseUrl: target.apiUrl.replace(/\/$/, ''),
    userAgent: 'perfgate',
    retry: { retryAfterBaseValue: options.retryAfterMs ?? 1000 },
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  });
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
