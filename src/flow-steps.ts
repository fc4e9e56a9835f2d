import type { RunSample } from './metrics.js';
import type { FlowStep, PageInput } from './results.js';
import { median, representativeIndex } from './stats.js';
import type { RunError } from './types.js';

/** One step of one run of a user flow, as perfgate reads it. */
export interface FlowRunStep {
  name: string;
  mode: NonNullable<FlowStep['mode']>;
  sample: RunSample;
}

/** The name a flow step goes by in results, the console and the review. */
export const flowStepName = (flow: string, step: string): string => `${flow} › ${step}`;

/**
 * A user flow's measured runs as one page input per step (its samples over the runs): the steps of
 * every run must be the same, in the same order, or the flow is the error FLOW_STEPS_DIFFER. A flow
 * with no run measured is one input under the flow's name with the error. Pure.
 */
export function flowStepInputs(flow: string, runs: number, measured: readonly FlowRunStep[][], error: RunError | null): PageInput[] {
  const first = measured[0];
  const failed = (e: RunError): PageInput[] => [{ name: flow, url: '', runs, samples: [], error: e, flow: { name: flow, step: null, mode: null } }];
  if (error || !first) return failed(error ?? { code: 'FLOW_FAILED', message: 'no run of the flow was measured' });
  const names = first.map((s) => s.name);
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated !== undefined) {
    return failed({
      code: 'FLOW_STEP_NAMES',
      message: `the flow has two steps named "${repeated}"; give each step a name of its own ({ name: '...' } in flow.navigate, flow.startTimespan and flow.snapshot)`,
    });
  }
  const shape = (steps: readonly FlowRunStep[]) => steps.map((s) => `${s.mode}:${s.name}`).join('\n');
  const odd = measured.findIndex((steps) => shape(steps) !== shape(first));
  if (odd > 0) {
    return failed({
      code: 'FLOW_STEPS_DIFFER',
      message: `run ${odd + 1} of the flow took other steps than run 1 (${measured[odd]?.map((s) => s.name).join(', ')} against ${first.map((s) => s.name).join(', ')}); a flow must take the same steps every run`,
    });
  }
  return first.map((step, i) => ({
    name: flowStepName(flow, step.name),
    url: step.sample.finalUrl || step.sample.requestedUrl,
    runs,
    samples: measured.map((steps) => steps[i]?.sample as RunSample),
    error: null,
    flow: { name: flow, step: step.name, mode: step.mode },
  }));
}

/**
 * The run whose flow report is kept: the one whose last interaction's INP is closest to that
 * step's median, or, without an INP, the representative run of the first step. -1 without runs.
 */
export function representativeFlowRun(measured: readonly FlowRunStep[][]): number {
  const last = (measured[0] ?? []).map((s) => s.mode).lastIndexOf('timespan');
  const inps = measured.map((steps) => steps[last]?.sample.metrics['interaction-to-next-paint'] ?? Number.NaN);
  if (last < 0 || !inps.some(Number.isFinite))
    return representativeIndex(measured.map((steps) => ({ fcp: steps[0]?.sample.metrics['first-contentful-paint'] })));
  const middle = median(inps.filter(Number.isFinite));
  let best = -1;
  for (const [i, inp] of inps.entries()) {
    if (Number.isFinite(inp) && (best < 0 || Math.abs(inp - middle) < Math.abs((inps[best] as number) - middle))) best = i;
  }
  return best;
}
