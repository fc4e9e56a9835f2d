import { appendFileSync, readFileSync } from 'node:fs';
import { UserError } from '../errors.js';
import { GitHubError, upsertReviewComment } from '../github/comment.js';
import type { Io } from '../io.js';
import { loadReview, reviewMarkdown } from './review.js';

export interface CommentFlags {
  results: string;
  base?: string;
  budgets: string;
  pr?: number;
  dryRun?: boolean;
  reportsBase?: string;
}

/** The pull request number: --pr, else the event payload GitHub Actions writes to GITHUB_EVENT_PATH. */
function prNumber(flags: CommentFlags, env: NodeJS.ProcessEnv): number | null {
  if (flags.pr !== undefined) return flags.pr;
  if (!env.GITHUB_EVENT_PATH) return null;
  try {
    const event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as {
      pull_request?: { number?: number };
      issue?: { number?: number };
      number?: number;
    };
    return event.pull_request?.number ?? event.issue?.number ?? event.number ?? null;
  } catch (error) {
    throw new UserError(`GITHUB_EVENT_PATH=${env.GITHUB_EVENT_PATH} cannot be read as JSON (${(error as Error).message}). Pass the pull request with --pr N.`);
  }
}

/**
 * `perfgate comment`: posts the review as one sticky pull request comment (created once, then
 * updated), and writes it to the job summary whenever GITHUB_STEP_SUMMARY is set. Without write
 * permission (403, pull requests from forks) the job summary is the review, and it exits 0.
 */
export async function commentCommand(flags: CommentFlags, io: Io): Promise<number> {
  const body = reviewMarkdown(loadReview(flags.results, flags.base, io.cwd, flags.budgets), flags.reportsBase);
  const summary = io.env.GITHUB_STEP_SUMMARY;
  if (summary) appendFileSync(summary, `${body}\n`);
  const pr = prNumber(flags, io.env);
  const repository = io.env.GITHUB_REPOSITORY;
  if (flags.dryRun) {
    io.stdout.write(`${body}\n`);
    io.stderr.write(`dry run: would post this to ${repository ?? '(GITHUB_REPOSITORY not set)'}#${pr ?? '(no pull request number)'}\n`);
    return 0;
  }
  const missing = [
    io.env.GITHUB_TOKEN ? null : 'GITHUB_TOKEN (a token that may write pull request comments)',
    repository && /^[^/\s]+\/[^/\s]+$/.test(repository) ? null : 'GITHUB_REPOSITORY (owner/name)',
    pr ? null : 'the pull request number (--pr N, or GITHUB_EVENT_PATH of a pull_request event)',
  ].filter(Boolean);
  if (missing.length > 0)
    throw new UserError(`perfgate comment needs ${missing.join(', ')}. GitHub Actions sets these; elsewhere pass them, or use --dry-run.`);
  const [owner, repo] = (repository as string).split('/') as [string, string];
  const apiUrl = io.env.GITHUB_API_URL || 'https://api.github.com';
  try {
    const outcome = await upsertReviewComment({ token: io.env.GITHUB_TOKEN as string, owner, repo, pr: pr as number, apiUrl }, body, {
      retryAfterMs: io.env.PERFGATE_RETRY_AFTER_MS ? Number(io.env.PERFGATE_RETRY_AFTER_MS) : undefined,
    });
    if (outcome.action === 'forbidden') {
      io.stderr.write(`GitHub refused the comment (403: ${outcome.message}), as it does for pull requests from forks. `);
      if (summary) io.stderr.write('The review is in the job summary.\n');
      else {
        io.stderr.write('Here is the review:\n');
        io.stdout.write(`${body}\n`);
      }
      return 0;
    }
    io.stderr.write(`perfgate: review ${outcome.action}: ${outcome.url}\n`);
    return 0;
  } catch (error) {
    if (error instanceof GitHubError) throw new UserError(`${error.message}${summary ? ' The review is in the job summary.' : ''}`, 1);
    throw error;
  }
}
