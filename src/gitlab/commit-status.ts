import type { CommitStatus } from '../report/commit-status.js';
import { type GitLabProject, GitLabError, gitlabMessage, gitlabRequest } from './gitlab-request.js';

/**
 * Sets perfgate's commit status on GitLab (POST /projects/:id/statuses/:sha), shown on the merge
 * request's pipeline as an external job named like GitHub's context. Returns `forbidden` on a 403.
 */
export async function setGitLabStatus(
  target: GitLabProject,
  sha: string,
  status: CommitStatus,
  retryAfterMs?: number,
): Promise<{ action: 'set' } | { action: 'forbidden'; message: string }> {
  const answer = await gitlabRequest(
    target,
    'POST',
    `/statuses/${encodeURIComponent(sha)}`,
    {
      state: status.state === 'success' ? 'success' : 'failed',
      name: status.context,
      description: status.description,
      ...(status.targetUrl ? { target_url: status.targetUrl } : {}),
    },
    retryAfterMs,
  );
  if (answer.status === 403) return { action: 'forbidden', message: gitlabMessage(answer.data) };
  if (answer.status !== 200 && answer.status !== 201)
    throw new GitLabError(`GitLab API at ${target.apiUrl} answered ${answer.status} to the commit status: ${gitlabMessage(answer.data)}`, answer.status);
  return { action: 'set' };
}
