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

export interface GitLabResponse<T> {
  status: number;
  data: T;
  headers: Headers;
}

const RETRIED = new Set([429, 500, 502, 503, 504]);
const TRIES = 4;

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
  let failure = '';
  for (let attempt = 0; attempt < TRIES; attempt++) {
    if (attempt > 0)
      await new Promise((resolve) => setTimeout(resolve, failure.startsWith('wait:') ? Number(failure.slice(5)) : retryAfterMs * 2 ** (attempt - 1)));
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: { 'PRIVATE-TOKEN': target.token, 'content-type': 'application/json', 'user-agent': 'perfgate' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      failure = `${(error as Error).message}`;
      continue;
    }
    if (RETRIED.has(response.status)) {
      const after = Number(response.headers.get('retry-after'));
      failure = Number.isFinite(after) && after > 0 ? `wait:${Math.min(after * 1000, 60_000)}` : `answered ${response.status}`;
      await response.body?.cancel();
      continue;
    }
    const text = await response.text();
    let data: unknown = text;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      // Not JSON: kept as text for the message.
    }
    return { status: response.status, data: data as T, headers: response.headers };
  }
  const why = failure.startsWith('wait:') ? 'kept answering 429 (rate limited)' : failure;
  throw new GitLabError(`GitLab API at ${target.apiUrl} ${method} ${path} failed after ${TRIES - 1} retries: ${why}`, undefined);
}

/** The message of a GitLab error answer (`{"message": ...}` or `{"error": ...}`), for people. */
export function gitlabMessage(data: unknown): string {
  if (typeof data === 'string') return data.slice(0, 200);
  const { message, error } = (data ?? {}) as { message?: unknown; error?: unknown };
  const text = message ?? error;
  return typeof text === 'string' ? text : JSON.stringify(text ?? data);
}
