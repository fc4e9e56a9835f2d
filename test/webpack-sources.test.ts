import { describe, expect, it } from 'vitest';
import { IMPORT_ENTRY } from '../src/esbuild-sources.js';
import { NO_SOURCE } from '../src/source-sizes.js';
import { EXTERNALS, webpackSources } from '../src/webpack-sources.js';

describe('webpackSources', () => {
  it('names size-limit’s import entry in its output folder as one name, whatever the folder’s random name, and leaves the rest', () => {
    const parts = (folder: string) => [
      { name: 'node_modules/react', value: 1_702 },
      { name: NO_SOURCE, value: 116 },
      { name: `tmp/${folder}/index.js`, value: 42 },
      { name: 'index.js', value: 34 },
      { name: 'tmp/other/index.js', value: 3 },
      { name: 'external root "a"', value: 2 },
    ];
    const expected = [
      { name: 'node_modules/react', value: 1_702 },
      { name: NO_SOURCE, value: 116 },
      { name: IMPORT_ENTRY, value: 42 },
      { name: 'index.js', value: 34 },
      { name: 'tmp/other/index.js', value: 3 },
      { name: EXTERNALS, value: 2 },
    ];
    expect(webpackSources(parts('size-limit-zpcxbOMx'), '/tmp/size-limit-zpcxbOMx', '/work/lib')).toEqual(expected);
    expect(webpackSources(parts('size-limit-8j_gmCQH'), '/tmp/size-limit-8j_gmCQH', '/work/lib')).toEqual(expected);
    // --save-bundle's folder in the project: webpack names the entry from the context, without the way up.
    const kept = parts('x').map((p) => (p.name === 'tmp/x/index.js' ? { ...p, name: '.perfgate/bundles/small/index.js' } : p));
    expect(webpackSources(kept, '/work/lib/.perfgate/bundles/small', '/work/lib')).toEqual(expected);
  });

  it('sums what the entry folder holds and sorts the largest first', () => {
    expect(
      webpackSources(
        [
          { name: 'a.js', value: 10 },
          { name: 'tmp/s/index.js', value: 8 },
          { name: 'tmp/s/chunk.js', value: 8 },
        ],
        '/tmp/s',
        '/work/lib',
      ),
    ).toEqual([
      { name: IMPORT_ENTRY, value: 16 },
      { name: 'a.js', value: 10 },
    ]);
  });
});
