import { describe, expect, it } from 'vitest';
import { formatChange } from '../../src/report/format.js';

describe('formatChange', () => {
  it.each([
    [{ delta: 1200, relative: 0.04 }, 'bytes', '+1.2 kB (+4.0 %)'],
    [{ delta: -120, relative: -0.031 }, 'ms', '-120 ms (-3.1 %)'],
    [{ delta: 0, relative: 0 }, 'bytes', '±0 B'],
    // A change that rounds to nothing has no sign and no percentage.
    [{ delta: -0.4, relative: -0.0004 }, 'ms', '±0 ms'],
    [{ delta: 0.0004, relative: 0.01 }, 'unitless', '±0.000'],
    [{ delta: 300, relative: null }, 'bytes', '+300 B'],
    [{ delta: 2000, relative: 9.99 }, 'ms', '+2.00 s (+999.0 %)'],
    // A base near 0 (TBT 0.25 ms): the percentage says nothing the two values do not.
    [{ delta: 352.75, relative: 1411 }, 'ms', '+353 ms'],
    [{ delta: -352.75, relative: -10 }, 'ms', '-353 ms'],
  ] as const)('%o in %s is %s', (change, unit, text) => {
    expect(formatChange(change, unit)).toBe(text);
  });
});
