import { describe, expect, it } from 'vitest';
import { inOrder } from '../../src/commands/in-order.js';

describe('inOrder', () => {
  it('gives the results in the items’ order, with at most `limit` at work at once', async () => {
    let working = 0;
    let most = 0;
    // Later items finish first: the order of the results is still the items'.
    const results = await inOrder(
      [50, 40, 30, 20, 10, 0],
      async (ms) => {
        most = Math.max(most, ++working);
        await new Promise((resolve) => setTimeout(resolve, ms));
        working--;
        return ms * 2;
      },
      3,
    );
    expect(results).toEqual([100, 80, 60, 40, 20, 0]);
    expect(most).toBe(3);
    expect(await inOrder([], async () => 1, 3)).toEqual([]);
    expect(await inOrder([1, 2], async (n) => n, 5)).toEqual([1, 2]);
  });

  it('fails as the work fails', async () => {
    await expect(inOrder([1, 2, 3], async (n) => (n === 2 ? Promise.reject(new Error('two')) : n), 2)).rejects.toThrow('two');
  });
});
