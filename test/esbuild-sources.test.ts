import { describe, expect, it } from 'vitest';
import { esbuildSources, IMPORT_ENTRY } from '../src/esbuild-sources.js';
import { NO_SOURCE } from '../src/source-sizes.js';

describe('esbuildSources', () => {
  it.each([
    [
      'inputs named from the project, packages by package, the rest of the output as no source',
      {
        'out/index.js': {
          bytes: 1_000,
          inputs: {
            'lib/index.js': { bytesInOutput: 120 },
            'lib/node_modules/react/cjs/react.production.js': { bytesInOutput: 600 },
            'lib/node_modules/react/index.js': { bytesInOutput: 50 },
            'lib/node_modules/@scope/pkg/a.js': { bytesInOutput: 150 },
          },
        },
      },
      null,
      [
        { name: 'node_modules/react', value: 650 },
        { name: 'node_modules/@scope/pkg', value: 150 },
        { name: 'index.js', value: 120 },
        { name: NO_SOURCE, value: 80 },
      ],
    ],
    [
      'size-limit’s import entry in its folder, by one name; outputs summed; inputs of no bytes left out',
      {
        'a.js': { bytes: 70, inputs: { '../tmp/size-limit-x1/index.js': { bytesInOutput: 20 }, 'lib/src/a.js': { bytesInOutput: 50 } } },
        'b.js': { bytes: 30, inputs: { 'lib/src/a.js': { bytesInOutput: 25 }, 'lib/src/types.js': { bytesInOutput: 0 } } },
      },
      '/work/tmp/size-limit-x1',
      [
        { name: 'src/a.js', value: 75 },
        { name: IMPORT_ENTRY, value: 20 },
        { name: NO_SOURCE, value: 5 },
      ],
    ],
  ])('%s', (_, outputs, importDir, expected) => {
    const parts = esbuildSources({ outputs }, '/work/project', '/work/project/lib', importDir);
    expect(parts).toEqual(expected);
    // The parts add up to the outputs' size.
    expect(parts.reduce((sum, p) => sum + p.value, 0)).toBe(Object.values(outputs).reduce((sum, o) => sum + o.bytes, 0));
  });
});
