import { describe, expect, it } from 'vitest';
import { NO_SOURCE, sourceName, sourceSizes } from '../src/source-sizes.js';

describe('sourceSizes: the bytes of built code each source of its source map accounts for', () => {
  it('gives each mapping its line from its column to the next one, and what none covers to no source', () => {
    // Line 1: "abc" from a.js (column 0), "de" from b.js (column 3). Line 2: "xy" unmapped, then "z" from a.js (column 2).
    // AAAA = column 0, source 0; GCAA = column +3, source +1; ;EDAA = line 2, column 2, source -1.
    const code = 'abcde\nxyz';
    const parts = sourceSizes(code, { sources: ['src/a.js', 'src/b.js'], mappings: 'AAAA,GCAA;EDAA' });
    expect(parts).toEqual([
      { name: 'src/a.js', value: 4 }, // "abc", "z"
      { name: 'src/b.js', value: 3 }, // "de" and the line's end
      { name: NO_SOURCE, value: 2 }, // "xy"
    ]);
    expect(parts.reduce((sum, p) => sum + p.value, 0)).toBe(Buffer.byteLength(code));
  });

  it('counts UTF-8 bytes, columns being UTF-16 units; a segment without a source is no source; sourceRoot applies', () => {
    const code = 'é€x';
    // é€ from the source (column 0), x (column 2) from none: a one-field segment.
    const parts = sourceSizes(code, { sourceRoot: 'webpack://shop/', sources: ['./src/text.js'], mappings: 'AAAA,E' });
    expect(parts).toEqual([
      { name: 'src/text.js', value: 5 },
      { name: NO_SOURCE, value: 1 },
    ]);
  });

  it('survives a broken mapping (a segment that is not base64) and mappings past the code', () => {
    expect(sourceSizes('ab', { sources: ['a.js'], mappings: 'A!AA;AAAA;AAAA' })).toEqual([{ name: NO_SOURCE, value: 2 }]);
  });

  it.each([
    ['webpack://my-app/./src/cart.ts', 'src/cart.ts'],
    ['../../src/cart.ts', 'src/cart.ts'],
    ['../node_modules/lodash/lodash.js', 'node_modules/lodash'],
    ['node_modules/@tanstack/query-core/build/index.js', 'node_modules/@tanstack/query-core'],
    ['/home/ci/app/node_modules/.pnpm/react@18.3.1/node_modules/react/index.js', 'node_modules/react'],
    ['C:\\app\\src\\main.js', 'C:/app/src/main.js'],
  ])('names %s as %s', (source, name) => {
    expect(sourceName(source)).toBe(name);
  });
});
