import { UserError } from '../errors.js';
import { GitLabError } from '../gitlab/gitlab-request.js';
import { setGitLabStatus } from '../gitlab/commit-status.js';
import { upsertMergeRequestNote } from '../gitlab/merge-request-note.js';
import type { Io } from '../io.js';
import type { CommitStatus } from '../report/commit-status.js';

/** What `perfgate comment` posts to GitLab. */
export interface GitLabPost {
  body: string;
  /** Post or update the note (false with --status-only: the status alone, linked to the pipeline, and the review printed). */
  comment: boolean;
  status: CommitStatus | null;
  /** The merge request's iid (--pr), else CI_MERGE_REQUEST_IID. */
  pr?: number;
  /** The commit for the status (--sha), else the merge request's head in a merged results pipeline, else CI_COMMIT_SHA. */
  sha?: string;
}

/**
 * Posts the review as the merge request's one perfgate note (created, then updated) through GitLab's
 * REST API: CI_API_V4_URL, CI_PROJECT_ID and CI_MERGE_REQUEST_IID from GitLab CI, a token with the
 * api scope in PERFGATE_GITLAB_TOKEN. With a status, sets the commit status too. A 403 prints the
 * review and exits 0; an API failure is exit 1.
 */
export async function postToGitLab(post: GitLabPost, marker: string, io: Io): Promise<number> {
  const { env } = io;
  const mergeRequest = post.pr ?? (env.CI_MERGE_REQUEST_IID ? Number(env.CI_MERGE_REQUEST_IID) : null);
  // In a merged results pipeline CI_COMMIT_SHA is GitLab's internal merge commit, which the merge
  // request does not show; the source branch's head is the commit people pushed (empty elsewhere).
  const sha = post.sha ?? (env.CI_MERGE_REQUEST_SOURCE_BRANCH_SHA || env.CI_COMMIT_SHA || null);
  const missing = [
    env.PERFGATE_GITLAB_TOKEN ? null : 'PERFGATE_GITLAB_TOKEN (a project or personal access token with the api scope, as a masked CI/CD variable)',
    env.CI_API_V4_URL ? null : 'CI_API_V4_URL',
    env.CI_PROJECT_ID ? null : 'CI_PROJECT_ID',
    !post.comment || (mergeRequest && Number.isInteger(mergeRequest) && mergeRequest > 0)
      ? null
      : 'the merge request (--pr N, or CI_MERGE_REQUEST_IID: run the job in a merge request pipeline)',
    post.status && !sha ? 'the commit for --status (--sha, or CI_MERGE_REQUEST_SOURCE_BRANCH_SHA or CI_COMMIT_SHA)' : null,
  ].filter(Boolean);
  if (missing.length > 0) throw new UserError(`perfgate comment on GitLab needs ${missing.join(', ')}. Elsewhere use --dry-run.`);
  const project = { apiUrl: env.CI_API_V4_URL as string, project: env.CI_PROJECT_ID as string, token: env.PERFGATE_GITLAB_TOKEN as string };
  const retryAfterMs = env.PERFGATE_RETRY_AFTER_MS ? Number(env.PERFGATE_RETRY_AFTER_MS) : undefined;
  try {
    const outcome = post.comment
      ? await upsertMergeRequestNote({ ...project, mergeRequest: mergeRequest as number, webUrl: env.CI_PROJECT_URL }, post.body, marker, retryAfterMs)
      : null;
    if (!outcome) {
      io.stderr.write('perfgate: no note (--status-only). Here is the review:\n');
      io.stdout.write(`${post.body}\n`);
    } else if (outcome.action === 'forbidden') {
      io.stderr.write(`GitLab refused the note (403: ${outcome.message}): the token may not comment on this merge request. Here is the review:\n`);
      io.stdout.write(`${post.body}\n`);
    } else io.stderr.write(`perfgate: review ${outcome.action}: ${outcome.url}\n`);
    if (post.status) {
      const link = !outcome || outcome.action === 'forbidden' || !outcome.url.startsWith('http') ? env.CI_PIPELINE_URL : outcome.url;
      const status = await setGitLabStatus(project, sha as string, { ...post.status, ...(link ? { targetUrl: link } : {}) }, retryAfterMs);
      if (status.action === 'forbidden') io.stderr.write(`GitLab refused the commit status (403: ${status.message}).\n`);
      else io.stderr.write(`perfgate: status ${post.status.context} set to ${post.status.state} on ${(sha as string).slice(0, 8)}\n`);
    }
    return 0;
  } catch (error) {
    if (error instanceof GitLabError) throw new UserError(error.message, 1);
    throw error;
  }
}
