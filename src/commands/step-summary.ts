import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The variable through which a job's later steps learn which results' reviews are already in its summary. */
const WRITTEN = 'PERFGATE_SUMMARY_WRITTEN';

/**
 * The results files whose review this job's summary already holds: set by earlier steps through
 * GITHUB_ENV, and by earlier commands of this step in the GITHUB_ENV file itself.
 */
function written(env: NodeJS.ProcessEnv): string[] {
  let thisStep: string[] = [];
  try {
    if (env.GITHUB_ENV)
      thisStep = readFileSync(env.GITHUB_ENV, 'utf8')
        .split('\n')
        .filter((line) => line.startsWith(`${WRITTEN}=`));
  } catch {
    // No file yet: nothing written in this step.
  }
  const values = [env[WRITTEN] ?? '', ...thisStep.map((line) => line.slice(WRITTEN.length + 1))];
  return [...new Set(values.flatMap((value) => value.split(path.delimiter)).filter(Boolean))];
}

/** Whether an earlier step of this job already put the review of `resultsFile` in the job summary. */
export function summaryHolds(resultsFile: string, env: NodeJS.ProcessEnv): boolean {
  return written(env).includes(path.resolve(resultsFile));
}

/**
 * Under GitHub Actions, appends a review to the job summary (GITHUB_STEP_SUMMARY) and tells the job's
 * later steps so through GITHUB_ENV, so that `perfgate comment` does not add the same review twice.
 * Returns whether it wrote.
 */
export function appendStepSummary(body: string, resultsFile: string, env: NodeJS.ProcessEnv): boolean {
  const summary = env.GITHUB_STEP_SUMMARY;
  if (!summary) return false;
  appendFileSync(summary, `${body}\n`);
  const file = path.resolve(resultsFile);
  if (env.GITHUB_ENV && !/[\r\n]/.test(file) && !summaryHolds(file, env)) {
    appendFileSync(env.GITHUB_ENV, `${WRITTEN}=${[...written(env), file].join(path.delimiter)}\n`);
  }
  return true;
}

/**
 * Adds `text` to the job summary under the review of `resultsFile` that an earlier step of this job put
 * there. Returns whether it did (not under GitHub Actions, or no such review yet: a later review holds it).
 */
export function addToStepSummary(text: string, resultsFile: string, env: NodeJS.ProcessEnv): boolean {
  if (!env.GITHUB_STEP_SUMMARY || !summaryHolds(resultsFile, env)) return false;
  appendFileSync(env.GITHUB_STEP_SUMMARY, `\n${text.trimEnd()}\n`);
  return true;
}
