import { apiMessage, type JsonResponse, jsonRequest, RequestFailed, retryServerErrors } from '../rest/json-request.js';

/** A GitLab project's REST API (v4), as CI gives it: CI_API_V4_URL, the project's id, a token. */
export interface GitLabProject {
  /** e.g. https://gitlab.com/api/v4 */
  apiUrl: string;
  /** The numeric id (CI_PROJECT_ID) or the URL-encoded path of the project. */
  project: string;
  token: string;
}

/** A GitLab API failure that retries did not cure, said for people. */
export class GitLabError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
  ) {
    super(message);
    this.name = 'GitLabError';
  }
}

export type GitLabResponse<T> = JsonResponse<T>;

/**
 * One call to the project's API (`path` below /projects/:id), with the token in PRIVATE-TOKEN; rate
 * limits, server errors and dropped connections are retried three times, waiting `retryAfterMs`
 * doubled each time (or what Retry-After asks, up to a minute). Answers below 500 other than 429
 * are returned for the caller to judge; what is still failing after the retries is thrown.
 */
export async function gitlabRequest<T>(
  target: GitLabProject,
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  body?: unknown,
  retryAfterMs = 1000,
): Promise<GitLabResponse<T>> {
  const url = `${target.apiUrl.replace(/\/$/, '')}/projects/${encodeURIComponent(target.project)}${path}`;
  try {
    return await jsonRequest<T>(url, { method, headers: { 'PRIVATE-TOKEN': target.token }, body }, retryServerErrors, retryAfterMs);
  } catch (error) {
    if (!(error instanceof RequestFailed)) throw error;
    throw new GitLabError(`GitLab API at ${target.apiUrl} ${method} ${path} failed after ${error.retries} retries: ${error.why}`, undefined);
  }
}

/** The message of a GitLab error answer (`{"message": ...}` or `{"error": ...}`), for people. */
export const gitlabMessage = apiMessage;
