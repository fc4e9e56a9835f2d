/** The GitHub Action most Lighthouse CI users run it with, and the inputs perfgate init takes over. */
export const LHCI_ACTION = 'treosh/lighthouse-ci-action';

/** A step of a workflow that uses the action: its workflow file and its `with` inputs. */
export interface LhciActionStep {
  workflow: string;
  inputs: Record<string, unknown>;
}

/** The steps of a parsed workflow (`jobs.<id>.steps[]`) that use the action, any version. */
export function lhciActionSteps(workflow: unknown, file: string): LhciActionStep[] {
  const jobs = (workflow as { jobs?: Record<string, { steps?: unknown }> } | null)?.jobs;
  if (typeof jobs !== 'object' || jobs === null) return [];
  return Object.values(jobs).flatMap((job) =>
    (Array.isArray(job?.steps) ? job.steps : [])
      .filter((step: { uses?: unknown }) => typeof step?.uses === 'string' && step.uses.split('@')[0] === LHCI_ACTION)
      .map((step: { with?: unknown }) => ({
        workflow: file,
        inputs: typeof step.with === 'object' && step.with !== null ? (step.with as Record<string, unknown>) : {},
      })),
  );
}

/** An input's value as text (YAML may give a number), or null. */
const text = (value: unknown): string | null => (typeof value === 'string' || typeof value === 'number' ? String(value) : null);

/**
 * The Lighthouse CI config the action's inputs amount to, over the config its `configPath` names
 * (`base`, already read): `urls` (one per line) as `collect.url`, `budgetPath` as
 * `assert.budgetsFile`. A URL made of a workflow expression (`${{ ... }}`) is known only in CI: it
 * is left out with a note, and without any URL init finds the site itself.
 */
export function lhciConfigOfAction(step: LhciActionStep, base: unknown): { rc: { ci: Record<string, unknown> }; notes: string[] } {
  const notes = [`${step.workflow} runs Lighthouse CI itself (${LHCI_ACTION}): once perfgate's workflow is in place, that step can go`];
  const ci = { ...((base as { ci?: Record<string, unknown> } | null)?.ci ?? {}) };
  const urls = (text(step.inputs.urls) ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const known = urls.filter((url) => !url.includes('${{'));
  if (known.length < urls.length) {
    notes.push(
      `${step.workflow}: with.urls: ${urls.length - known.length} URL${urls.length - known.length === 1 ? '' : 's'} known only in CI (\${{ ... }}) left out${known.length === 0 ? '; the site is found here instead (--dir, or --command and --url)' : ''}`,
    );
  }
  if (known.length > 0) ci.collect = { ...(ci.collect as object), url: known };
  const budgetPath = text(step.inputs.budgetPath);
  if (budgetPath) ci.assert = { ...(ci.assert as object), budgetsFile: budgetPath };
  const runs = text(step.inputs.runs);
  if (runs) notes.push(`${step.workflow}: with.runs (${runs}) not imported: perfgate samples 5 to 15 runs per page until every budget is clear`);
  return { rc: { ci }, notes };
}
