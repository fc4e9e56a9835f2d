import { describe, expect, it } from 'vitest';
import { ReadPacer } from '../../src/field/read-pacer.js';

describe('ReadPacer', () => {
  it('lets the first read start at once, then rests after each read as long as it took', () => {
    const pacer = new ReadPacer(1);
    expect(pacer.waitBefore(0)).toBe(0);
    pacer.ran(800, 1000);
    expect(pacer.waitBefore(1000)).toBe(200);
    expect(pacer.waitBefore(1150)).toBe(50);
    expect(pacer.waitBefore(1200)).toBe(0);
    expect(pacer.waitBefore(5000)).toBe(0);
  });

  it('keeps back-to-back reads to the share of time the ratio allows', () => {
    const pacer = new ReadPacer(1);
    let now = 0;
    let busy = 0;
    for (let i = 0; i < 100; i++) {
      now += pacer.waitBefore(now);
      const took = 50 + (i % 7) * 30;
      pacer.ran(now, now + took);
      now += took;
      busy += took;
    }
    expect(busy / now).toBeGreaterThan(0.49);
    expect(busy / now).toBeLessThanOrEqual(0.51);
  });

  it('rests after the last read only: a short read after a long one waits as long as the short one took', () => {
    const pacer = new ReadPacer(2);
    pacer.ran(0, 1000);
    pacer.ran(3000, 3010);
    expect(pacer.waitBefore(3010)).toBe(20);
  });
});
