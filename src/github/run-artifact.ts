import { type GitHubApi, githubRequest } from './client.js';

/** The workflow run whose artifact is looked up. */
export interface RunTarget extends GitHubApi {
  owner: string;
  repo: string;
  runId: string;
}

interface Artifact {
  id?: number;
  name?: string;
  expired?: boolean;
}

/**
 * The id of a workflow run's artifact of this name that has not expired (GET
 * /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts?name=…; the newest when a re-run uploaded
 * it again), or null when the run has none. API failures are thrown (GitHubError).
 */
export async function runArtifactId(target: RunTarget, name: string, options: { retryAfterMs?: number } = {}): Promise<number | null> {
  const { data } = await githubRequest<{ artifacts?: Artifact[] }>(
    target,
    'GET',
    `/repos/${encodeURIComponent(target.owner)}/${encodeURIComponent(target.repo)}/actions/runs/${encodeURIComponent(target.runId)}/artifacts?name=${encodeURIComponent(name)}&per_page=100`,
    undefined,
    options.retryAfterMs,
  );
  const ids = (Array.isArray(data?.artifacts) ? data.artifacts : [])
    .filter((a) => a.name === name && a.expired !== true && Number.isSafeInteger(a.id))
    .map((a) => a.id as number);
  return ids.length > 0 ? Math.max(...ids) : null;
}

/** The page of a workflow run on GitHub (its artifacts are listed there), and of one of its artifacts, as upload-artifact's artifact-url gives it. */
export function runPage(serverUrl: string, repository: string, runId: string, artifactId?: number): string {
  const run = `${serverUrl.replace(/\/$/, '')}/${repository}/actions/runs/${encodeURIComponent(runId)}`;
  return artifactId === undefined ? run : `${run}/artifacts/${artifactId}`;
}
