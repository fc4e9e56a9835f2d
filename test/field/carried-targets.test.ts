import { describe, expect, it } from 'vitest';
import { CarriedTargets } from '../../src/field/carried-targets.js';
import { fullTargetKeys } from '../../src/field/rollup-deltas.js';
import type { StoredSample } from '../../src/field/store.js';
import { storedSample } from './stored-sample.js';
import { OTHER_TARGET, TARGETS_PER_DAY, targetKeyText, UNNAMED_TARGET } from '../../src/field/target-deltas.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-11-01T12:00:00Z');
const day = Math.floor(T0 / DAY);
const key = { day, page: 'home', metric: 'LCP' as const };
const sample = (target: string | undefined, partial: Partial<StoredSample> = {}): StoredSample =>
  storedSample(T0, { ...(target ? { target } : {}), ...partial });
const names = (count: number, prefix = '#t') => Array.from({ length: count }, (_, i) => `${prefix}${i}`);

describe('fullTargetKeys', () => {
  it.each([
    ['no names yet, the cap’s worth of new ones', [], names(TARGETS_PER_DAY), false],
    ['no names yet, one more than the cap', [], names(TARGETS_PER_DAY + 1), true],
    ['the cap reached, a known name', names(TARGETS_PER_DAY), ['#t3'], false],
    ['the cap reached, a new name', names(TARGETS_PER_DAY), ['#new'], true],
    ['(other) takes no place', [...names(TARGETS_PER_DAY - 1), OTHER_TARGET], ['#new'], false],
    ['(unnamed element) takes no place', [...names(TARGETS_PER_DAY - 1), UNNAMED_TARGET], ['#new'], false],
    ['the cap reached, (unnamed element) new', names(TARGETS_PER_DAY), [UNNAMED_TARGET], false],
    ['samples without a target', names(TARGETS_PER_DAY), [undefined, undefined], false],
  ])('%s: %s', (_, known, targets, full) => {
    const samples = targets.map((t) => sample(t));
    const keys = fullTargetKeys(samples, [], new Map([[targetKeyText(key), known]]));
    expect(keys).toEqual(full ? [key] : []);
  });

  it('a repeated id counts under its stored day; a day the store did not look up is never full', () => {
    const old = {
      metricId: 'v5-old',
      page: 'home',
      name: 'LCP' as const,
      device: 'mobile' as const,
      value: 900,
      receivedAt: T0 - DAY,
      target: null,
      phases: null,
    };
    const known = new Map([[targetKeyText({ ...key, day: day - 1 }), names(TARGETS_PER_DAY)]]);
    expect(fullTargetKeys([sample('#new', { metricId: 'v5-old' })], [old], known)).toEqual([{ ...key, day: day - 1 }]);
    expect(fullTargetKeys([sample('#new')], [old], known)).toEqual([]);
  });
});

describe('CarriedTargets', () => {
  it('remembers what was looked up, a key without names included, and forgets all when full', () => {
    const cache = new CarriedTargets(3);
    const other = { ...key, page: 'cart' };
    expect(cache.missing([key, other])).toEqual([key, other]);
    cache.put([key, other], new Map([[targetKeyText(key), ['#hero']]]));
    expect(cache.missing([key, other])).toEqual([]);
    expect(cache.of([key, other])).toEqual(
      new Map([
        [targetKeyText(key), ['#hero']],
        [targetKeyText(other), []],
      ]),
    );
    const more = [
      { ...key, day: day + 1 },
      { ...key, day: day + 2 },
    ];
    cache.put(more, new Map());
    expect(cache.missing([key, ...more])).toEqual([key]);
  });
});
