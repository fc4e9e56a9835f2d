import { describe, expect, it } from 'vitest';
import { assertPage } from '../../src/budgets/assert.js';
import { parseBudgets } from '../../src/config/load-budgets.js';
import { UserError } from '../../src/errors.js';
import { flowStepInputs, representativeFlowRun, type FlowRunStep } from '../../src/flow-steps.js';
import type { RunSample } from '../../src/metrics.js';
import { summarizePage } from '../../src/results.js';
import { runSample, userErrorOf } from '../helpers.js';

const sample = (metrics: RunSample['metrics'], scores: RunSample['scores'] = {}): RunSample =>
  runSample({ requestedUrl: 'http://localhost/products/', finalUrl: 'http://localhost/products/', metrics, scores });

const run = (inp: number): FlowRunStep[] => [
  { name: 'open', mode: 'navigation', sample: sample({ 'largest-contentful-paint': 1200, 'total-blocking-time': 10 }, { accessibility: 0.95 }) },
  { name: 'filter', mode: 'timespan', sample: sample({ 'interaction-to-next-paint': inp, 'total-blocking-time': inp - 50 }) },
  { name: 'done', mode: 'snapshot', sample: sample({}, { accessibility: 0.8 }) },
];

const budgets = (entries: unknown[]) => parseBudgets({ budgets: entries }, '/p/budgets.json').budgets;

describe('flowStepInputs', () => {
  it('makes one input per step with its samples over the runs', () => {
    const inputs = flowStepInputs('checkout', 3, [run(400), run(450), run(420)], null);
    expect(inputs.map((i) => [i.name, i.flow?.mode, i.samples.length])).toEqual([
      ['checkout › open', 'navigation', 3],
      ['checkout › filter', 'timespan', 3],
      ['checkout › done', 'snapshot', 3],
    ]);
    expect(summarizePage(inputs[1] as never).metrics['interaction-to-next-paint']?.median).toBe(420);
  });

  it('is FLOW_STEPS_DIFFER when a run takes other steps, and the flow’s error when none was measured', () => {
    const [differ] = flowStepInputs('checkout', 2, [run(400), run(400).slice(0, 2)], null);
    expect(differ).toMatchObject({ name: 'checkout', error: { code: 'FLOW_STEPS_DIFFER' }, flow: { name: 'checkout', step: null, mode: null } });
    expect(differ?.error?.message).toContain('run 2');
    const [failed] = flowStepInputs('checkout', 2, [], { code: 'FLOW_FAILED', message: 'no such button' });
    expect(failed?.error).toEqual({ code: 'FLOW_FAILED', message: 'no such button' });
  });
});

describe('flow steps', () => {
  it('refuses two steps of one name: their results could not be told apart', () => {
    const steps = run(400);
    const [error] = flowStepInputs('checkout', 1, [[...steps, { ...(steps[1] as FlowRunStep) }]], null);
    expect(error).toMatchObject({ name: 'checkout', error: { code: 'FLOW_STEP_NAMES' } });
    expect(error?.error?.message).toContain('two steps named "filter"');
  });

  it('keeps the report of the run whose last interaction is closest to the median INP', () => {
    expect(representativeFlowRun([run(900), run(400), run(450), run(1000), run(455)])).toBe(4);
    expect(representativeFlowRun([run(700), run(400), run(500)])).toBe(2);
    expect(representativeFlowRun([])).toBe(-1);
  });
});

describe('flow budgets', () => {
  const steps = flowStepInputs('checkout', 2, [run(400), run(460)], null).map((input) => summarizePage(input));
  const [open, filter, done] = steps as [ReturnType<typeof summarizePage>, ReturnType<typeof summarizePage>, ReturnType<typeof summarizePage>];

  it('judges a step by the last budget of its flow that names it or every step, as kind "flow"; page budgets never reach it', () => {
    const rules = budgets([
      { path: '/*', timings: { 'total-blocking-time': 1 } },
      { flow: 'checkout', timings: { 'total-blocking-time': { warn: 300, error: 600 } } },
      { flow: 'checkout', step: 'filter', timings: { 'interaction-to-next-paint': { warn: 200, error: 400 } } },
      { flow: 'other', timings: { 'total-blocking-time': 1 } },
    ]);
    expect(assertPage(filter, rules)).toEqual([
      expect.objectContaining({ page: 'checkout › filter', kind: 'flow', id: 'interaction-to-next-paint', actual: 430, status: 'fail' }),
    ]);
    expect(assertPage(open, rules)).toEqual([expect.objectContaining({ kind: 'flow', id: 'total-blocking-time', actual: 10, status: 'pass' })]);
  });

  it('a budget for every step skips what a kind of step does not measure; one naming its step says so', () => {
    const every = budgets([{ flow: 'checkout', timings: { 'largest-contentful-paint': 2500 }, scores: { accessibility: 0.9 } }]);
    expect(assertPage(open, every).map((v) => [v.id, v.status])).toEqual([
      ['largest-contentful-paint', 'pass'],
      ['categories:accessibility', 'pass'],
    ]);
    expect(assertPage(filter, every)).toEqual([]);
    expect(assertPage(done, every).map((v) => [v.id, v.status])).toEqual([['categories:accessibility', 'fail']]);
    const named = budgets([{ flow: 'checkout', step: 'filter', timings: { 'largest-contentful-paint': 2500 } }]);
    const [verdict] = assertPage(filter, named);
    expect(verdict).toMatchObject({ status: 'error', actual: null });
    expect(verdict?.message).toContain('a timespan step does not measure LCP; budget it on a navigation step, or leave out "step"');
  });

  it('a snapshot step has no performance score: a budget for every step skips it there, one naming the step says where it is measured', () => {
    const every = budgets([{ flow: 'checkout', scores: { performance: 0.9, accessibility: 0.7 } }]);
    expect(assertPage(done, every).map((v) => [v.id, v.status])).toEqual([['categories:accessibility', 'pass']]);
    const named = budgets([
      { flow: 'checkout', step: 'done', scores: { performance: 0.9 } },
      {
        flow: 'checkout',
        step: 'filter',
        timings: { 'total-blocking-time': 300, 'largest-contentful-paint': 2500 },
        scores: { accessibility: 0.9 },
        audits: { 'dom-size': { maxNumericValue: 800 } },
      },
    ]);
    expect(assertPage(done, named)).toEqual([
      expect.objectContaining({
        status: 'error',
        message: 'a snapshot step does not measure Performance score; budget it on a navigation step, or leave out "step"',
      }),
    ]);
    expect(assertPage(filter, named).map((v) => [v.id, v.message])).toEqual([
      ['total-blocking-time', undefined],
      ['largest-contentful-paint', 'a timespan step does not measure LCP; budget it on a navigation step, or leave out "step"'],
      [
        'categories:accessibility',
        'a timespan step does not measure Accessibility score; budget it on a navigation step or a snapshot step, or leave out "step"',
      ],
      ['dom-size:maxNumericValue', 'a timespan step does not measure dom-size value; budget it on a navigation step, or leave out "step"'],
    ]);
  });

  it('a flow that could not be measured makes its budgets errors', () => {
    const [failed] = flowStepInputs('checkout', 2, [], { code: 'FLOW_FAILED', message: 'x' }).map((input) => summarizePage(input));
    const verdicts = assertPage(failed as never, budgets([{ flow: 'checkout', step: 'filter', timings: { 'interaction-to-next-paint': 200 } }]));
    expect(verdicts).toEqual([expect.objectContaining({ status: 'error', message: 'page not measured: FLOW_FAILED' })]);
  });

  it('refuses a budget with both "path" and "flow", or a "step" without "flow", naming the key', () => {
    const error = userErrorOf(() => budgets([{ path: '/', flow: 'checkout' }, { step: 'filter' }]), UserError);
    expect(error.message).toContain('budgets[0]: has both "path" and "flow"');
    expect(error.message).toContain('budgets[1].step: names a step but no "flow"');
  });
});
