import { describe, expect, it } from 'vitest';
import { presetNamesOf, withPreset } from '../../src/init/lhci-preset.js';

describe("Lighthouse CI's presets", () => {
  it('are found in assert and in each assertMatrix entry, once each', () => {
    expect(presetNamesOf({ ci: { assert: { preset: 'lighthouse:recommended' } } })).toEqual(['lighthouse:recommended']);
    expect(
      presetNamesOf({ ci: { assert: { assertMatrix: [{ preset: 'lighthouse:no-pwa' }, {}, { preset: 'lighthouse:no-pwa' }, { preset: 'lighthouse:all' }] } } }),
    ).toEqual(['lighthouse:no-pwa', 'lighthouse:all']);
    expect(presetNamesOf({ ci: { collect: {} } })).toEqual([]);
    expect(presetNamesOf(null)).toEqual([]);
  });

  it("merge with a config's assertions as lodash's merge does in Lighthouse CI", () => {
    const preset = { a: ['error', { maxLength: 0 }], b: ['error', { maxLength: 0 }], c: ['warn', {}], d: ['error', {}], e: ['off', {}] };
    const { assertions, fromPreset } = withPreset(preset, {
      a: ['warn'],
      b: 'warn',
      c: ['error', { maxNumericValue: 5 }],
      d: undefined,
      f: ['error', { minScore: 1 }],
    });
    expect(assertions).toEqual({
      a: ['warn', { maxLength: 0 }],
      b: 'warn',
      c: ['error', { maxNumericValue: 5 }],
      d: ['error', {}],
      e: ['off', {}],
      f: ['error', { minScore: 1 }],
    });
    expect([...fromPreset]).toEqual(['e']);
    // The preset itself is left as it was.
    expect(preset.a).toEqual(['error', { maxLength: 0 }]);
  });
});
