/** What a URL answers: the status, and the URL that gave it after any redirects. */
export interface Answer {
  status: number;
  /** Where the answer came from: the URL asked for, or the last one a redirect led to. */
  url: string;
}

/** Headers a request drops when a redirect leads to another origin, as browsers and fetch drop credentials there. */
const CREDENTIALS = new Set(['authorization', 'cookie', 'proxy-authorization']);

/** Why a URL gave no answer, in a few words: its server refused the connection, its host is unknown, or it said nothing within 10 s. */
export interface NoAnswer {
  why: string;
}

/** A network error's few words for people ("connection refused"), from Node's fetch error and its cause. */
function whyNot(error: unknown): string {
  const code = (error as { cause?: { code?: string } })?.cause?.code;
  if ((error as Error)?.name === 'TimeoutError') return 'no answer within 10 s';
  if (code === 'ECONNREFUSED') return 'connection refused (is the site running?)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'its host name is not known';
  return `no answer (${code ?? (error as Error)?.message ?? String(error)})`;
}

/**
 * What `url` answers, its redirects followed one by one (at most 10) so that the URL they end at
 * is known; why there is none (within 10 s in all). Headers go to every hop, credentials only to
 * the first URL's origin.
 */
export async function answerOf(url: string, headers: Record<string, string> | undefined): Promise<Answer | NoAnswer> {
  const origin = new URL(url).origin;
  const signal = AbortSignal.timeout(10_000);
  let current = url;
  try {
    for (let hop = 0; ; hop++) {
      const sameOrigin = new URL(current).origin === origin;
      const sent = sameOrigin ? headers : Object.fromEntries(Object.entries(headers ?? {}).filter(([name]) => !CREDENTIALS.has(name.toLowerCase())));
      const response = await fetch(current, { headers: sent, redirect: 'manual', signal });
      await response.body?.cancel();
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location || hop === 10) return { status: response.status, url: current };
      current = new URL(location, current).href;
    }
  } catch (error) {
    return { why: whyNot(error) };
  }
}

/** The status `url` answers with (redirects followed), or null when it gives no answer within 10 s. */
export async function statusOf(url: string, headers: Record<string, string> | undefined): Promise<number | null> {
  const answer = await answerOf(url, headers);
  return 'status' in answer ? answer.status : null;
}
