import { UserError } from '../errors.js';
import { GitHubError } from '../github/client.js';
import { runArtifactId, runPage } from '../github/run-artifact.js';
import type { Io } from '../io.js';

/** Which run's artifact the review links (`--artifact-of-run`, `--artifact-name`). */
export interface RunArtifact {
  runId: string;
  name: string;
}

/**
 * The link to another workflow run's artifact (the fork pattern: the pull request's run uploaded
 * it, this run posts the review), looked up through GitHub's API. When it cannot be looked up (no
 * `actions: read`, expired, a dry run), the run's page, where its artifacts are listed, and a note.
 */
export async function runArtifactLink(artifact: RunArtifact, dryRun: boolean, io: Io): Promise<string> {
  const repository = io.env.GITHUB_REPOSITORY;
  if (!repository || !/^[^/\s]+\/[^/\s]+$/.test(repository))
    throw new UserError('--artifact-of-run needs GITHUB_REPOSITORY (owner/name), the repository of the run. GitHub Actions sets it.');
  const server = io.env.GITHUB_SERVER_URL || 'https://github.com';
  const page = runPage(server, repository, artifact.runId);
  const fallback = (why: string) => {
    io.stderr.write(`perfgate: ${why}; the review links the run's page, where its artifacts are listed.\n`);
    return page;
  };
  if (dryRun) return fallback(`dry run: run ${artifact.runId}'s artifact "${artifact.name}" is looked up when posting`);
  const token = io.env.GITHUB_TOKEN;
  if (!token) return page; // posting says what is missing
  const [owner, repo] = repository.split('/') as [string, string];
  const retryAfterMs = io.env.PERFGATE_RETRY_AFTER_MS ? Number(io.env.PERFGATE_RETRY_AFTER_MS) : undefined;
  try {
    const id = await runArtifactId({ token, owner, repo, runId: artifact.runId, apiUrl: io.env.GITHUB_API_URL || 'https://api.github.com' }, artifact.name, {
      retryAfterMs,
    });
    if (id === null) return fallback(`run ${artifact.runId} has no artifact "${artifact.name}" (not uploaded, or expired)`);
    return runPage(server, repository, artifact.runId, id);
  } catch (error) {
    if (!(error instanceof GitHubError)) throw error;
    const hint = error.status === 403 || error.status === 404 ? ' (the workflow needs "actions: read")' : '';
    return fallback(`run ${artifact.runId}'s artifact "${artifact.name}" could not be looked up${hint}: ${error.message}`);
  }
}
