/** The status `url` answers with (redirects followed), or null when it gives no answer within 10 s. */
export async function statusOf(url: string, headers: Record<string, string> | undefined): Promise<number | null> {
  try {
    const response = await fetch(url, { headers, redirect: 'follow', signal: AbortSignal.timeout(10_000) });
    await response.body?.cancel();
    return response.status;
  } catch {
    return null;
  }
}
