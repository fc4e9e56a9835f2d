import { describe, expect, it } from 'vitest';
import { SharedRender } from '../../src/field/shared-render.js';

describe('SharedRender', () => {
  it('lets readers that arrive during a render wait for it, and reuses it until it is maxAge old', async () => {
    let clock = 0;
    let renders = 0;
    let release: () => void = () => undefined;
    const shared = new SharedRender<string>(1000, () => clock);
    const render = () =>
      new Promise<string>((resolve) => {
        renders++;
        release = () => resolve(`render ${renders}`);
      });
    const first = shared.get('k', render);
    const second = shared.get('k', render);
    release();
    expect(await first).toEqual({ value: 'render 1', ageMs: 0 });
    expect(await second).toEqual({ value: 'render 1', ageMs: 0 });
    clock = 999;
    expect(await shared.get('k', render)).toEqual({ value: 'render 1', ageMs: 999 });
    clock = 1000;
    const third = shared.get('k', render);
    release();
    expect(await third).toEqual({ value: 'render 2', ageMs: 0 });
    expect(renders).toBe(2);
  });

  it('renders again at once for another key, and keeps no failed render', async () => {
    const shared = new SharedRender<string>(60_000, () => 0);
    expect((await shared.get('a', async () => 'a')).value).toBe('a');
    expect((await shared.get('b', async () => 'b')).value).toBe('b');
    await expect(shared.get('b2', async () => Promise.reject(new Error('database down')))).rejects.toThrow('database down');
    expect((await shared.get('b2', async () => 'recovered')).value).toBe('recovered');
  });

  it('with maxAge 0 renders for every reader, even ones that arrive together', async () => {
    let renders = 0;
    const shared = new SharedRender<number>(0);
    const values = await Promise.all([1, 2, 3].map(() => shared.get('k', async () => ++renders)));
    expect(values.map((v) => v.value)).toEqual([1, 2, 3]);
  });
});
