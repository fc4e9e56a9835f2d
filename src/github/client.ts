import { retry } from '@octokit/plugin-retry';
import { Octokit } from '@octokit/rest';

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

const RetryingOctokit: typeof Octokit = Octokit.plugin(retry);

/** An Octokit for one target: retries server errors, logs nothing. */
export function client(target: { token: string; apiUrl: string }, retryAfterMs = 1000): Octokit {
  return new RetryingOctokit({
    auth: target.token,
    baseUrl: target.apiUrl.replace(/\/$/, ''),
    userAgent: 'perfgate',
    retry: { retryAfterBaseValue: retryAfterMs },
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  });
}

/** The failure of a call, said for people. */
export function failure(target: { apiUrl: string }, error: unknown): GitHubError {
  const status = (error as { status?: number }).status;
  const retries = (error as { request?: { request?: { retryCount?: number } } }).request?.request?.retryCount;
  const tried = retries ? ` after ${retries} retries` : '';
  return new GitHubError(`GitHub API at ${target.apiUrl} answered ${status ?? 'with an error'}${tried}: ${(error as Error).message}`, status);
}
