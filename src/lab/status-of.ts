/** What a URL answers: the status, and the URL that gave it after any redirects. */
export interface Answer {
  status: number;
  /** Where the answer came from: the URL asked for, or the last one a redirect led to. */
  url: string;
}

/** Headers a request keeps when a redirect leads to another origin, as browsers and fetch drop credentials there. */
const CREDENTIALS = new Set(['authorization', 'cookie', 'proxy-authorization']);

/**
 * What `url` answers, its redirects followed one by one (at most 10) so that the URL they end at
 * is known; null when there is no answer within 10 s. Headers go to every hop, credentials only
 * to the first URL's origin.
 */
export async function answerOf(url: string, headers: Record<string, string> | undefined): Promise<Answer | null> {
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
  } catch {
    return null;
  }
}

/** The status `url` answers with (redirects followed), or null when it gives no answer within 10 s. */
export async function statusOf(url: string, headers: Record<string, string> | undefined): Promise<number | null> {
  return (await answerOf(url, headers))?.status ?? null;
}
