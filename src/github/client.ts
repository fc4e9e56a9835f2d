import {
  apiMessage,
  type JsonRequest,
  type JsonResponse,
  jsonRequest,
  LONGEST_WAIT_MS,
  RequestFailed,
  type RetryPolicy,
  retryAfter,
  retryServerErrors,
} from '../rest/json-request.js';

/** Where GitHub's REST API is and who calls it. */
export interface GitHubApi {
  token: string;
  /** GitHub's REST API root; GitHub Enterprise Server uses https://HOST/api/v3. */
  apiUrl: string;
}

/** A GitHub API failure that retries did not cure, said for people. `status` 403 is a refusal; a used-up rate limit is 429. */
export class GitHubError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    /** What GitHub itself said, when it answered. */
    readonly said = '',
  ) {
    super(message);
    this.name = 'GitHubError';
  }
}

/** Comment lists are read at most this many pages (100 comments a page). */
const MOST_PAGES = 100;

/** The wait until a used-up primary rate limit resets, or null when that is not the answer. */
function rateLimitReset(status: number, headers: Headers, now = Date.now()): number | null {
  if (status !== 403 && status !== 429) return null;
  if (headers.get('x-ratelimit-remaining') !== '0') return null;
  const reset = Number(headers.get('x-ratelimit-reset')) * 1000;
  return Number.isFinite(reset) ? Math.max(reset - now, 0) + 1000 : null;
}

/**
 * GitHub's retries: 429 and 5xx as any API's; a secondary rate limit (403 with Retry-After) after
 * what it asks; a used-up rate limit when it resets within a minute. Other refusals are answers.
 */
const githubRetry: RetryPolicy = (response) => {
  const reset = rateLimitReset(response.status, response.headers);
  if (reset !== null) return reset <= LONGEST_WAIT_MS ? reset : null;
  if (response.status === 403 && response.headers.has('retry-after')) return retryAfter(response.headers) ?? 'backoff';
  return retryServerErrors(response);
};

/** GitHub's headers: the token (a JWT as a bearer), the v3 JSON media type, the API version. */
function headers(token: string): Record<string, string> {
  return {
    authorization: `${token.split('.').length === 3 ? 'bearer' : 'token'} ${token}`,
    accept: 'application/vnd.github+json',
    'x-github-api-version': '2022-11-28',
  };
}

/**
 * One call to GitHub's REST API (`path` below the API root, or a whole URL GitHub gave, such as a
 * next page). Returns a 2xx answer; throws GitHubError for anything else, after the retries for
 * those worth retrying, with GitHub's message and, for 401, what to check.
 */
export async function githubRequest<T>(
  api: GitHubApi,
  method: JsonRequest['method'],
  path: string,
  body?: unknown,
  retryAfterMs = 1000,
): Promise<JsonResponse<T>> {
  const root = api.apiUrl.replace(/\/$/, '');
  const url = /^https?:\/\//.test(path) ? path : `${root}${path}`;
  const shown = url.startsWith(root) ? url.slice(root.length) : url;
  let answer: JsonResponse<T>;
  try {
    answer = await jsonRequest<T>(url, { method, headers: headers(api.token), body }, githubRetry, retryAfterMs);
  } catch (error) {
    if (!(error instanceof RequestFailed)) throw error;
    // Only rate limits are retried among GitHub's 403s: one that lasts is a rate limit (429), never a refusal.
    const status = error.status === 403 ? 429 : error.status;
    const what = error.status === 403 ? 'kept answering 403 (a rate limit)' : error.status ? `answered ${error.status}` : `could not be reached (${error.why})`;
    throw new GitHubError(`GitHub API at ${api.apiUrl} ${what} after ${error.retries} retries, to ${method} ${shown}.`, status);
  }
  if (answer.status >= 200 && answer.status < 300) return answer;
  const reset = Number(answer.headers.get('x-ratelimit-reset'));
  if (rateLimitReset(answer.status, answer.headers) !== null)
    throw new GitHubError(
      `GitHub API at ${api.apiUrl}: the token's rate limit is used up until ${new Date(reset * 1000).toISOString()} (${method} ${shown}).`,
      429,
    );
  const hint = answer.status === 401 ? ' Check the token (GITHUB_TOKEN): it is missing, expired or revoked.' : '';
  const said = apiMessage(answer.data);
  throw new GitHubError(`GitHub API at ${api.apiUrl} answered ${answer.status} to ${method} ${shown}: ${said}.${hint}`, answer.status, said);
}

/** Every item of a listing, page by page as GitHub's Link header leads (at most 100 pages). */
export async function githubPages<T>(api: GitHubApi, path: string, retryAfterMs?: number): Promise<T[]> {
  const items: T[] = [];
  let next: string | null = `${path}${path.includes('?') ? '&' : '?'}per_page=100`;
  for (let page = 0; next && page < MOST_PAGES; page++) {
    const answer: JsonResponse<T[]> = await githubRequest<T[]>(api, 'GET', next, undefined, retryAfterMs);
    if (!Array.isArray(answer.data))
      throw new GitHubError(`GitHub API at ${api.apiUrl} answered GET ${path} with something that is not a list.`, answer.status);
    items.push(...answer.data);
    next = /<([^>]+)>;\s*rel="next"/.exec(answer.headers.get('link') ?? '')?.[1] ?? null;
  }
  return items;
}
