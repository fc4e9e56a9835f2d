import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { REVIEW_MARKER } from '../../src/report/markdown.js';
import { runMain, tempDir, writeJson } from '../helpers.js';
import { jsonApi } from '../json-api.js';
import { CASES } from '../report/cases.js';

interface Note {
  id: number;
  body: string;
  system: boolean;
}

/**
 * A stand-in for GitLab's REST API v4 (what these tests cannot reach): a merge request's notes
 * (list with GitLab's x-next-page pagination, create, update) and commit statuses of project 42.
 * `mode` makes writes answer 403, or every request 502 (`down`) or 502 once (`flaky`).
 */
function fakeGitLab() {
  const state = {
    notes: [] as Note[],
    statuses: [] as Array<Record<string, string>>,
    requests: [] as string[],
    tokens: [] as string[],
    mode: 'ok' as 'ok' | 'forbidden' | 'down' | 'flaky',
    nextId: 9000,
  };
  const server = jsonApi((req, url, body, send) => {
    state.requests.push(`${req.method} ${url.pathname}${url.search}`);
    state.tokens.push(String(req.headers['private-token'] ?? ''));
    if (state.mode === 'down') return send(502, { message: '502 Bad Gateway' });
    if (state.mode === 'flaky') {
      state.mode = 'ok';
      return send(502, { message: '502 Bad Gateway' });
    }
    const notes = /^\/api\/v4\/projects\/42\/merge_requests\/5\/notes(?:\/(\d+))?$/.exec(url.pathname);
    const status = /^\/api\/v4\/projects\/42\/statuses\/([0-9a-f]+)$/.exec(url.pathname);
    if (notes && !notes[1] && req.method === 'GET') {
      const perPage = Number(url.searchParams.get('per_page') ?? 20);
      const page = Number(url.searchParams.get('page') ?? 1);
      const more = page * perPage < state.notes.length;
      return send(200, state.notes.slice((page - 1) * perPage, page * perPage), { 'x-next-page': more ? String(page + 1) : '', 'x-page': String(page) });
    }
    if (state.mode === 'forbidden') return send(403, { message: '403 Forbidden' });
    if (notes && !notes[1] && req.method === 'POST') {
      const note = { id: state.nextId++, body: JSON.parse(body).body, system: false };
      state.notes.push(note);
      return send(201, note);
    }
    if (notes?.[1] && req.method === 'PUT') {
      const note = state.notes.find((n) => n.id === Number(notes[1]));
      if (!note) return send(404, { message: '404 Not found' });
      note.body = JSON.parse(body).body;
      return send(200, note);
    }
    if (status && req.method === 'POST') {
      state.statuses.push({ sha: status[1] as string, ...JSON.parse(body) });
      return send(201, { status: JSON.parse(body).state });
    }
    return send(404, { message: '404 Not found' });
  });
  return { server, state };
}

describe('perfgate comment on GitLab CI', () => {
  const gitlab = fakeGitLab();
  let dir: string;
  let results: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    await new Promise<void>((resolve) => gitlab.server.listen(0, '127.0.0.1', resolve));
    dir = tempDir();
    results = writeJson(dir, 'results.json', CASES.regression!());
    env = {
      GITLAB_CI: 'true',
      CI_API_V4_URL: `http://127.0.0.1:${(gitlab.server.address() as AddressInfo).port}/api/v4`,
      CI_PROJECT_ID: '42',
      CI_MERGE_REQUEST_IID: '5',
      CI_PROJECT_URL: 'https://gitlab.example.com/acme/shop',
      CI_PIPELINE_URL: 'https://gitlab.example.com/acme/shop/-/pipelines/77',
      CI_COMMIT_SHA: 'cafe0123',
      PERFGATE_GITLAB_TOKEN: 'glpat-test',
      PERFGATE_RETRY_AFTER_MS: '10',
      GITHUB_STEP_SUMMARY: '',
    };
  });
  afterAll(() => gitlab.server.close());
  beforeEach(() => {
    gitlab.state.requests.length = 0;
    gitlab.state.mode = 'ok';
  });

  it('creates one note, then finds it on page 2 of the notes (system notes skipped) and updates it', async () => {
    // 150 notes: GitLab's system notes (one carries the marker in a quote, as a note about an edit could) and people's.
    gitlab.state.notes = Array.from({ length: 150 }, (_, i) => ({
      id: 100 + i,
      body: i === 3 ? `changed ${REVIEW_MARKER}` : `note ${i}`,
      system: i % 2 === 1,
    }));
    const first = await runMain(['comment', '--results', results], { env });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain('review created: https://gitlab.example.com/acme/shop/-/merge_requests/5#note_9000');
    expect(gitlab.state.notes).toHaveLength(151);
    const ours = gitlab.state.notes.at(-1) as Note;
    expect(ours.body.startsWith(REVIEW_MARKER)).toBe(true);
    expect(ours.body).toContain('worst regression: home LCP');
    expect(gitlab.state.tokens.every((t) => t === 'glpat-test')).toBe(true);

    gitlab.state.requests.length = 0;
    ours.body = `${REVIEW_MARKER}\nan older review`;
    const second = await runMain(['comment', '--results', results, '--status'], { env });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain('review updated');
    expect(gitlab.state.notes).toHaveLength(151);
    expect(ours.body).toContain('worst regression: home LCP');
    expect(gitlab.state.requests).toEqual([
      'GET /api/v4/projects/42/merge_requests/5/notes?per_page=100&page=1&sort=asc&order_by=created_at',
      'GET /api/v4/projects/42/merge_requests/5/notes?per_page=100&page=2&sort=asc&order_by=created_at',
      `PUT /api/v4/projects/42/merge_requests/5/notes/${ours.id}`,
      'POST /api/v4/projects/42/statuses/cafe0123',
    ]);
    expect(gitlab.state.statuses).toEqual([
      {
        sha: 'cafe0123',
        state: 'failed',
        name: 'perfgate',
        description: 'fail: 1 failed of 15 budgets; home LCP regressed',
        target_url: `https://gitlab.example.com/acme/shop/-/merge_requests/5#note_${ours.id}`,
      },
    ]);
  });

  it('sets the status alone with --status-only, linked to the pipeline, with the review printed in the job log and no note', async () => {
    gitlab.state.notes = [];
    gitlab.state.statuses = [];
    // Outside a merge request pipeline too: a status needs only the commit.
    const result = await runMain(['comment', '--results', results, '--status-only'], { env: { ...env, CI_MERGE_REQUEST_IID: '' } });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('no note (--status-only)');
    expect(result.stdout).toContain('worst regression: home LCP');
    expect(gitlab.state.requests).toEqual(['POST /api/v4/projects/42/statuses/cafe0123']);
    expect(gitlab.state.statuses).toEqual([
      expect.objectContaining({ sha: 'cafe0123', state: 'failed', target_url: 'https://gitlab.example.com/acme/shop/-/pipelines/77' }),
    ]);
  });

  it("sets the status on the merge request's head in a merged results pipeline, not on GitLab's internal merge commit", async () => {
    gitlab.state.statuses = [];
    // A merged results pipeline: CI_COMMIT_SHA is the merge commit GitLab made; the merge request shows its source branch's head.
    const merged = { ...env, CI_COMMIT_SHA: 'feed4567', CI_MERGE_REQUEST_SOURCE_BRANCH_SHA: 'cafe0123' };
    const result = await runMain(['comment', '--results', results, '--status-only'], { env: merged });
    expect(result.code, result.stderr).toBe(0);
    expect(gitlab.state.requests).toEqual(['POST /api/v4/projects/42/statuses/cafe0123']);
    expect(result.stderr).toContain('status perfgate set to failure on cafe0123');
    // A merge request pipeline leaves CI_MERGE_REQUEST_SOURCE_BRANCH_SHA empty; CI_COMMIT_SHA is then the head.
    gitlab.state.requests.length = 0;
    const detached = await runMain(['comment', '--results', results, '--status-only'], { env: { ...merged, CI_MERGE_REQUEST_SOURCE_BRANCH_SHA: '' } });
    expect(detached.code, detached.stderr).toBe(0);
    expect(gitlab.state.requests).toEqual(['POST /api/v4/projects/42/statuses/feed4567']);
  });

  it('prints the review and exits 0 when GitLab answers 403', async () => {
    gitlab.state.notes = [];
    gitlab.state.mode = 'forbidden';
    const result = await runMain(['comment', '--results', results], { env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('GitLab refused the note (403: 403 Forbidden)');
    expect(result.stdout.startsWith(REVIEW_MARKER)).toBe(true);
    expect(gitlab.state.notes).toEqual([]);
  });

  it('retries a server error once and posts; fails with exit 1 and a clear message when GitLab stays down', async () => {
    gitlab.state.notes = [];
    gitlab.state.mode = 'flaky';
    const flaky = await runMain(['comment', '--results', results], { env });
    expect(flaky.code, flaky.stderr).toBe(0);
    expect(gitlab.state.notes).toHaveLength(1);
    gitlab.state.mode = 'down';
    gitlab.state.requests.length = 0;
    const down = await runMain(['comment', '--results', results], { env });
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/GitLab API at http:\/\/127\.0\.0\.1:\d+\/api\/v4 GET \/merge_requests\/5\/notes\S* failed after 3 retries: answered 502/);
    expect(down.stderr).not.toMatch(/\n\s+at /);
    expect(gitlab.state.requests).toHaveLength(4);
  });

  it('names what is missing with exit 2: the token, and the merge request outside a merge request pipeline', async () => {
    const result = await runMain(['comment', '--results', results], { env: { ...env, PERFGATE_GITLAB_TOKEN: '', CI_MERGE_REQUEST_IID: '' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('perfgate comment on GitLab needs PERFGATE_GITLAB_TOKEN');
    expect(result.stderr).toContain('the merge request (--pr N, or CI_MERGE_REQUEST_IID');
    expect(gitlab.state.requests).toEqual([]);
  });

  it('posts to GitLab with --gitlab outside GitLab CI, to the merge request given by --pr', async () => {
    gitlab.state.notes = [];
    const result = await runMain(['comment', '--results', results, '--gitlab', '--pr', '5', '--id', 'web'], {
      env: { ...env, GITLAB_CI: '', CI_MERGE_REQUEST_IID: '' },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(gitlab.state.notes.map((n) => n.body.split('\n')[0])).toEqual(['<!-- perfgate-review id=web -->']);
  });
});
