/** An answer of a JSON REST API: its status, its body (parsed when JSON, else the text), its headers. */
export interface JsonResponse<T> {
  status: number;
  data: T;
  headers: Headers;
}

/** What a request does: method, headers, a JSON body. */
export interface JsonRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  headers: Record<string, string>;
  body?: unknown;
}

/**
 * Whether to try an answer again: null when not, `backoff` to wait the usual time, or the ms the
 * answer itself asks to wait.
 */
export type RetryPolicy = (response: Response) => number | 'backoff' | null;

/** A request the retries did not cure: why the last try failed, and how many retries were made. */
export class RequestFailed extends Error {
  constructor(
    readonly why: string,
    readonly status: number | undefined,
    readonly retries: number,
  ) {
    super(why);
    this.name = 'RequestFailed';
  }
}

const TRIES = 4;
/** No wait an API asks for is longer than this; what it asks beyond is waited this long. */
export const LONGEST_WAIT_MS = 60_000;

/** Answers retried by default: rate limits and server errors. */
const RETRIED = new Set([429, 500, 502, 503, 504]);

/** The wait a Retry-After header asks for (seconds or an HTTP date), capped; null when it asks none. */
export function retryAfter(headers: Headers, now = Date.now()): number | null {
  const value = headers.get('retry-after');
  if (!value) return null;
  const seconds = Number(value);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - now;
  return Number.isFinite(ms) && ms > 0 ? Math.min(ms, LONGEST_WAIT_MS) : null;
}

/** Retries 429 and 5xx answers, after what Retry-After asks if it does. */
export const retryServerErrors: RetryPolicy = (response) => (RETRIED.has(response.status) ? (retryAfter(response.headers) ?? 'backoff') : null);

/**
 * One call to a JSON REST API, with a 30 s timeout per try. Dropped connections and the answers
 * `retry` picks are tried again three times, the wait doubling each time unless the answer names
 * its own; every other answer is returned for the caller to judge. Throws RequestFailed when the
 * last try still failed.
 */
export async function jsonRequest<T>(url: string, request: JsonRequest, retry: RetryPolicy, backoffMs: number): Promise<JsonResponse<T>> {
  let why = '';
  let status: number | undefined;
  let wait = 0;
  for (let attempt = 0; attempt < TRIES; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    wait = backoffMs * 2 ** attempt;
    let response: Response;
    try {
      response = await fetch(url, {
        method: request.method,
        headers: { 'content-type': 'application/json', 'user-agent': 'perfgate', ...request.headers },
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      why = (error as Error).message;
      status = undefined;
      continue;
    }
    const asked = retry(response);
    if (asked !== null) {
      status = response.status;
      why = response.status === 429 ? 'kept answering 429 (rate limited)' : `answered ${response.status}`;
      if (asked !== 'backoff') wait = asked;
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
  throw new RequestFailed(why, status, TRIES - 1);
}

/** The message of an API's error answer (`{"message": ...}` or `{"error": ...}`), for people. */
export function apiMessage(data: unknown): string {
  if (typeof data === 'string') return data.slice(0, 200);
  const { message, error } = (data ?? {}) as { message?: unknown; error?: unknown };
  const text = message ?? error;
  return typeof text === 'string' ? text : JSON.stringify(text ?? data);
}
