import { describe, expect, it } from 'vitest';
import { bucketOf } from '../../src/field/histogram.js';
import { OTHER_TARGET, TargetCounter, TARGETS_PER_DAY, targetKeyText, UNNAMED_TARGET } from '../../src/field/target-deltas.js';

const key = { day: 20_400, page: 'home', metric: 'LCP' as const };

describe('TargetCounter', () => {
  it('names a day’s first TARGETS_PER_DAY targets, then counts new ones as (other), which takes no place of its own; an unread day names none', () => {
    const known = new Map([
      [targetKeyText(key), Array.from({ length: TARGETS_PER_DAY - 1 }, (_, i) => `#k${i}`)],
      [targetKeyText({ ...key, metric: 'INP' }), []],
      [targetKeyText({ ...key, day: key.day + 1 }), []],
    ]);
    const counter = new TargetCounter(known);
    expect(counter.name(key, '#new')).toBe('#new');
    expect(counter.name(key, '#newer')).toBe(OTHER_TARGET);
    expect(counter.name(key, '#newest')).toBe(OTHER_TARGET);
    expect(counter.name(key, '#k3')).toBe('#k3');
    expect(counter.name(key, '#new')).toBe('#new');
    expect(counter.name({ ...key, metric: 'INP' }, '#newer')).toBe('#newer');
    expect(counter.name({ ...key, day: key.day + 1 }, '#newer')).toBe('#newer');
    // A day, page and metric the store did not look up: nothing is named there, whatever the batch holds.
    expect(counter.name({ ...key, page: 'cart' }, '#new')).toBe(OTHER_TARGET);
    // What the stores add to target_names: each new name once, (other) on its first use.
    expect(counter.named.map((n) => [n.day - key.day, n.metric, n.target])).toEqual([
      [0, 'LCP', '#new'],
      [0, 'LCP', OTHER_TARGET],
      [0, 'INP', '#newer'],
      [1, 'LCP', '#newer'],
    ]);
  });

  it('names the day before’s carried targets beyond the cap, and does not count them toward it', () => {
    const fresh = Array.from({ length: TARGETS_PER_DAY }, (_, i) => `#made-up-${i}`);
    const counter = new TargetCounter(new Map([[targetKeyText(key), ['#hero', ...fresh.slice(0, -1)]]]), new Map([[targetKeyText(key), ['#hero', '#lead']]]));
    // #hero, carried, does not take a place: one is left.
    expect(counter.name(key, fresh.at(-1) as string)).toBe(fresh.at(-1));
    expect(counter.name(key, '#late')).toBe(OTHER_TARGET);
    expect(counter.name(key, '#lead')).toBe('#lead');
    expect(counter.name(key, '#hero')).toBe('#hero');
    // Carried to another day, page or metric, a name carries nothing here.
    expect(counter.name({ ...key, day: key.day + 1 }, '#lead')).toBe(OTHER_TARGET);
    expect(counter.named.map((n) => n.target)).toEqual([fresh.at(-1), OTHER_TARGET, '#lead']);
  });

  it('names (unnamed element) whatever the day holds, and does not count it toward the cap', () => {
    const inp = { ...key, metric: 'INP' as const };
    const counter = new TargetCounter(new Map([[targetKeyText(inp), [UNNAMED_TARGET, ...Array.from({ length: TARGETS_PER_DAY - 1 }, (_, i) => `#k${i}`)]]]));
    expect(counter.name(inp, '#tenth')).toBe('#tenth');
    expect(counter.name(inp, '#eleventh')).toBe(OTHER_TARGET);
    const full = new TargetCounter(new Map([[targetKeyText(inp), Array.from({ length: TARGETS_PER_DAY }, (_, i) => `#k${i}`)]]));
    expect(full.name(inp, UNNAMED_TARGET)).toBe(UNNAMED_TARGET);
  });

  it('sums counts and INP phases per target and bucket, and drops changes that cancel out', () => {
    const counter = new TargetCounter(new Map());
    const inp = { ...key, metric: 'INP' as const, target: 'button#buy' };
    counter.add({ ...inp, value: 200, phases: { inputDelay: 20, processingDuration: 150, presentationDelay: 30 } }, 1);
    counter.add({ ...inp, value: 201, phases: { inputDelay: 40, processingDuration: 100, presentationDelay: 61 } }, 1);
    counter.add({ ...inp, value: 500, phases: null }, 1);
    counter.add({ ...inp, value: 500, phases: null }, -1);
    counter.add({ ...inp, target: null, value: 90, phases: null }, 1);
    expect(counter.changes()).toEqual([
      {
        ...key,
        metric: 'INP',
        target: 'button#buy',
        bucket: bucketOf('INP', 200),
        count: 2,
        phased: 2,
        inputDelay: 60,
        processingDuration: 250,
        presentationDelay: 91,
      },
    ]);
  });
});
