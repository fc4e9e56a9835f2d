import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { holm } from '../../src/compare/holm.js';
import { minimumEffect } from '../../src/compare/minimum-effect.js';
import { nullMinimumPs, seededRandom, sequentialP, type SamplingPlan } from '../../src/compare/sequential-p.js';
import { replayComparison, type SequentialRule } from '../../src/compare/sequential-verdict.js';
import { DEFAULT_COMPARISON } from '../../src/config/model.js';
import type { MetricId } from '../../src/types.js';
import { ROOT } from '../helpers.js';

/** Thirty real runs of each page of the example site (see the fixture's description). */
const REAL: { pages: Record<string, Partial<Record<MetricId, number[]>>> } = JSON.parse(
  readFileSync(path.join(ROOT, 'test/fixtures/run-distributions.json'), 'utf8'),
);
const PLAN: SamplingPlan = { minRuns: 5, maxRuns: 15 };
const ALPHA = 0.05;

/** The timing distributions that vary (CLS and the example's TBT are constant and never alarm). */
const DISTRIBUTIONS = Object.entries(REAL.pages).flatMap(([page, metrics]) =>
  (['first-contentful-paint', 'largest-contentful-paint', 'interactive', 'speed-index'] as const).map((id) => ({
    name: `${page} ${id}`,
    id,
    values: metrics[id] as number[],
  })),
);

const sd = (values: readonly number[]) => {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
};

/**
 * Draws runs from a real distribution: a real run picked at random plus a little Gaussian noise
 * (a smoothed bootstrap, bandwidth a fifth of the runs' standard deviation), so that runs are as
 * varied as the real ones without repeating values exactly.
 */
function sampler(values: readonly number[], random: () => number) {
  const bandwidth = sd(values) / 5;
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return () => (values[Math.floor(random() * values.length)] as number) + bandwidth * gaussian();
}

/** Base and head runs in the runner's order (base, head, head, base, ...), with `slowdown(i)` scaling the i-th run of all and `effect` applied to head's. */
function sideBySide(draw: () => number, runs: number, effect: (v: number) => number, slowdown: (i: number) => number = () => 1) {
  const base: number[] = [];
  const head: number[] = [];
  let i = 0;
  for (let pair = 1; pair <= runs; pair++) {
    for (const side of pair % 2 === 1 ? ['base', 'head'] : ['head', 'base']) {
      const value = draw() * slowdown(i++);
      if (side === 'base') base.push(value);
      else head.push(effect(value));
    }
  }
  return { base, head };
}

const ruleFor = (id: MetricId, minimum: 'settings' | 'none', changeLevel = ALPHA): SequentialRule => ({
  plan: PLAN,
  changeLevel,
  confidence: 1 - 2 * ALPHA,
  minimumEffect: minimum === 'none' ? () => 0 : (baseMedian) => minimumEffect(id, baseMedian, DEFAULT_COMPARISON),
});

/** Runs `count` simulated comparisons spread over the real distributions; returns how many ended in each state and the mean runs per side. */
function simulate(
  count: number,
  seed: number,
  options: { effect?: (v: number) => number; slowdown?: (i: number) => number; minimum?: 'settings' | 'none'; only?: string },
) {
  const random = seededRandom(seed);
  const pool = DISTRIBUTIONS.filter((d) => !options.only || d.name === options.only);
  const states = { regressed: 0, improved: 0, unchanged: 0, open: 0 };
  let runs = 0;
  for (let i = 0; i < count; i++) {
    const dist = pool[i % pool.length] as (typeof pool)[number];
    const { base, head } = sideBySide(sampler(dist.values, random), PLAN.maxRuns, options.effect ?? ((v) => v), options.slowdown);
    const outcome = replayComparison(base, head, ruleFor(dist.id, options.minimum ?? 'settings'));
    states[outcome.state]++;
    runs += outcome.runs;
  }
  return { ...states, falseAlarms: (states.regressed + states.improved) / count, meanRuns: runs / count };
}

describe('the sequential p-value', () => {
  it('is calibrated the same way on every call (seeded), and never below the p of a single look', () => {
    expect(nullMinimumPs(PLAN)).toBe(nullMinimumPs(PLAN));
    for (const p of [0.0001, 0.001, 0.005, 0.01, 0.05, 0.2]) expect(sequentialP(p, PLAN)).toBeGreaterThanOrEqual(p);
    // Eleven looks cost: the smallest p over the looks is below 0.05 far more often than 5 % of the time.
    expect(sequentialP(0.05, PLAN)).toBeGreaterThan(0.1);
    expect(sequentialP(0.05, { minRuns: 5, maxRuns: 5 })).toBe(0.05);
  });

  it('rises with the p it is given', () => {
    const ps = [0.0005, 0.002, 0.008, 0.02, 0.05, 0.1].map((p) => sequentialP(p, PLAN));
    expect([...ps].sort((a, b) => a - b)).toEqual(ps);
  });
});

describe('sampling side by side, looking after every pair (simulation on real run-to-run distributions)', () => {
  it('keeps the false-alarm rate at or below alpha over 12 000 unchanged comparisons, even with no minimum effect', () => {
    const strict = simulate(12_000, 1, { minimum: 'none' });
    expect(strict.falseAlarms).toBeLessThanOrEqual(ALPHA);
    // With the configured minimum effect, almost nothing unchanged is called a change, and most comparisons stop early.
    const usual = simulate(12_000, 2, {});
    expect(usual.falseAlarms).toBeLessThanOrEqual(ALPHA / 5);
    expect(usual.meanRuns).toBeLessThan(8);
    console.info(
      `unchanged: false alarms ${(strict.falseAlarms * 100).toFixed(2)} % with no minimum effect, ${(usual.falseAlarms * 100).toFixed(2)} % with it; mean runs per side ${usual.meanRuns.toFixed(1)}`,
    );
  });

  it('keeps it when the machine slows down by 30 % halfway (a noisy neighbour): the alternation puts the drift on both sides', () => {
    const drifting = simulate(10_000, 3, { minimum: 'none', slowdown: (i) => (i >= 10 ? 1.3 : 1) });
    expect(drifting.falseAlarms).toBeLessThanOrEqual(ALPHA);
    console.info(`unchanged with a 30 % slowdown halfway: false alarms ${(drifting.falseAlarms * 100).toFixed(2)} %`);
  });

  it('would not keep it if it compared every look at alpha: the reason for the sequential p', () => {
    const random = seededRandom(4);
    let alarms = 0;
    const count = 4000;
    for (let i = 0; i < count; i++) {
      const dist = DISTRIBUTIONS[i % DISTRIBUTIONS.length] as (typeof DISTRIBUTIONS)[number];
      const { base, head } = sideBySide(sampler(dist.values, random), PLAN.maxRuns, (v) => v);
      // Naive: the same looks, each tested at alpha on its own.
      const naive = replayComparison(base, head, { ...ruleFor(dist.id, 'none'), plan: { minRuns: 5, maxRuns: 5 } });
      let alarmed = naive.state === 'regressed' || naive.state === 'improved';
      for (let n = 6; n <= PLAN.maxRuns && !alarmed; n++) {
        const look = replayComparison(base.slice(0, n), head.slice(0, n), { ...ruleFor(dist.id, 'none'), plan: { minRuns: n, maxRuns: n } });
        alarmed = look.state === 'regressed' || look.state === 'improved';
      }
      if (alarmed) alarms++;
    }
    expect(alarms / count).toBeGreaterThan(ALPHA * 1.5);
    console.info(`11 looks each at alpha: false alarms ${((alarms / count) * 100).toFixed(1)} %`);
  });

  it.each([
    ['sale: +300 ms of main-thread work (TTI +300 ms)', 'sale interactive', (v: number) => v + 300],
    ['sale: the LCP image 20 % later', 'sale largest-contentful-paint', (v: number) => v * 1.2],
    ['home: FCP 15 % later', 'home first-contentful-paint', (v: number) => v * 1.15],
  ])('detects a real regression (%s) in at least 19 of 20', (_, only, effect) => {
    const found = simulate(2000, 5, { effect, only });
    expect(found.regressed / 2000).toBeGreaterThanOrEqual(0.95);
    console.info(`${only}: detected in ${((found.regressed / 2000) * 100).toFixed(1)} %, mean runs per side ${found.meanRuns.toFixed(1)}`);
    expect(found.improved).toBe(0);
  });

  it('calls a change smaller than the minimum effect unchanged or leaves it open, never regressed by much', () => {
    const small = simulate(3000, 6, { effect: (v) => v * 1.01 });
    expect(small.regressed / 3000).toBeLessThanOrEqual(ALPHA);
  });
});

describe('many pages × metrics (Holm)', () => {
  it('keeps the chance of any false alarm in a 20-page × 6-metric pull request at or below alpha', () => {
    const random = seededRandom(7);
    const prs = 300;
    let withHolm = 0;
    let without = 0;
    for (let pr = 0; pr < prs; pr++) {
      const ps: number[] = [];
      for (let c = 0; c < 120; c++) {
        const dist = DISTRIBUTIONS[c % DISTRIBUTIONS.length] as (typeof DISTRIBUTIONS)[number];
        const { base, head } = sideBySide(sampler(dist.values, random), PLAN.maxRuns, (v) => v);
        ps.push(replayComparison(base, head, ruleFor(dist.id, 'none', ALPHA / 120)).p);
      }
      if (holm(ps, ALPHA).some(Boolean)) withHolm++;
      if (ps.some((p) => p <= ALPHA)) without++;
    }
    expect(withHolm / prs).toBeLessThanOrEqual(ALPHA);
    console.info(
      `120 unchanged comparisons per pull request: any false alarm in ${((withHolm / prs) * 100).toFixed(1)} % with Holm, ${((without / prs) * 100).toFixed(1)} % without`,
    );
    // Each comparison at alpha on its own would cry wolf in most pull requests.
    expect(without / prs).toBeGreaterThan(0.5);
  });
});

describe('holm', () => {
  it.each([
    [[0.01, 0.02, 0.03], 0.05, [true, true, true]],
    [[0.01, 0.04, 0.03], 0.05, [true, false, false]],
    [[0.001, 0.2, 0.012, 0.013], 0.05, [true, false, true, true]],
    [[0.02], 0.05, [true]],
    [[0.06, 0.001], 0.05, [false, true]],
    [[], 0.05, []],
  ])('holm(%j, %s)', (ps, alpha, expected) => {
    expect(holm(ps, alpha)).toEqual(expected);
  });
});
