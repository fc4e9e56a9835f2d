import type { AddressInfo } from 'node:net';
import { jsonApi } from './json-api.js';

interface Comment {
  id: number;
  body: string;
  html_url: string;
}

/**
 * A stand-in for the GitHub REST API (the one thing these tests cannot reach): the six
 * endpoints perfgate comment uses (comments: list, create, update; commit statuses; pull request #7; a workflow run's artifacts), under a GitHub Enterprise Server style prefix, with Link-header
 * pagination. `mode` makes writes answer 403 (a fork's token), or every request answer 502, 401 (a bad token) or
 * 403 with a used-up rate limit; `throttled` makes the next requests hit a secondary rate limit.
 */
export function fakeGitHub() {
  const state = {
    comments: [] as Comment[],
    statuses: [] as Array<{ sha: string; state: string; context: string; description: string; target_url?: string }>,
    requests: [] as string[],
    mode: 'ok' as 'ok' | 'forbidden' | 'down' | 'bad-token' | 'limit-used-up',
    /** How many of the next requests hit a secondary rate limit (403 with Retry-After: 1). */
    throttled: 0,
    nextId: 1,
    auth: [] as string[],
    /** The pull request's head commit now. */
    head: 'abc1234def',
    /** The artifacts of each workflow run, by run id. */
    artifacts: {} as Record<string, Array<{ id: number; name: string; expired: boolean }>>,
    /** Whether the token may read workflow runs' artifacts ("actions: read"). */
    actionsReadable: true,
  };
  const server = jsonApi((req, url, body, send) => {
    state.requests.push(`${req.method} ${url.pathname}${url.search}`);
    state.auth.push(req.headers.authorization ?? '');
    if (state.mode === 'down') return send(502, { message: 'Bad Gateway' });
    if (state.mode === 'bad-token') return send(401, { message: 'Bad credentials' });
    if (state.mode === 'limit-used-up')
      return send(
        403,
        { message: 'API rate limit exceeded for installation.' },
        { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600) },
      );
    if (state.throttled > 0) {
      state.throttled--;
      return send(403, { message: 'You have exceeded a secondary rate limit.' }, { 'retry-after': '1' });
    }
    const list = /^\/api\/v3\/repos\/acme\/shop\/issues\/7\/comments$/.exec(url.pathname);
    const edit = /^\/api\/v3\/repos\/acme\/shop\/issues\/comments\/(\d+)$/.exec(url.pathname);
    const status = /^\/api\/v3\/repos\/acme\/shop\/statuses\/([0-9a-f]+)$/.exec(url.pathname);
    if (url.pathname === '/api/v3/repos/acme/shop/pulls/7' && req.method === 'GET') return send(200, { number: 7, head: { sha: state.head } });
    const runArtifacts = /^\/api\/v3\/repos\/acme\/shop\/actions\/runs\/(\d+)\/artifacts$/.exec(url.pathname);
    if (runArtifacts && req.method === 'GET') {
      if (!state.actionsReadable) return send(403, { message: 'Resource not accessible by integration' });
      const name = url.searchParams.get('name');
      const artifacts = (state.artifacts[runArtifacts[1] as string] ?? []).filter((a) => name === null || a.name === name);
      return send(200, { total_count: artifacts.length, artifacts });
    }
    if (list && req.method === 'GET') {
      const perPage = Number(url.searchParams.get('per_page') ?? 30);
      const pageNumber = Number(url.searchParams.get('page') ?? 1);
      const slice = state.comments.slice((pageNumber - 1) * perPage, pageNumber * perPage);
      const headers: Record<string, string> = {};
      if (pageNumber * perPage < state.comments.length) {
        const port = (server.address() as AddressInfo).port;
        headers.link = `<http://127.0.0.1:${port}${url.pathname}?per_page=${perPage}&page=${pageNumber + 1}>; rel="next"`;
      }
      return send(200, slice, headers);
    }
    if (state.mode === 'forbidden') return send(403, { message: 'Resource not accessible by integration' });
    if (list && req.method === 'POST') {
      const comment = { id: state.nextId++, body: JSON.parse(body).body, html_url: `https://github.example.com/acme/shop/pull/7#c${state.nextId}` };
      state.comments.push(comment);
      return send(201, comment);
    }
    if (status && req.method === 'POST') {
      state.statuses.push({ sha: status[1] as string, ...JSON.parse(body) });
      return send(201, { state: JSON.parse(body).state });
    }
    if (edit && req.method === 'PATCH') {
      const comment = state.comments.find((c) => c.id === Number(edit[1]));
      if (!comment) return send(404, { message: 'Not Found' });
      comment.body = JSON.parse(body).body;
      return send(200, comment);
    }
    return send(404, { message: 'Not Found' });
  });
  return { server, state };
}
