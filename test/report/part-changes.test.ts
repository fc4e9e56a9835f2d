import { describe, expect, it } from 'vitest';
import { bundleFileLines } from '../../src/report/bundle-file-lines.js';
import { withoutContentHash } from '../../src/report/content-hash.js';
import { partChanges } from '../../src/report/part-changes.js';
import type { Verdict } from '../../src/types.js';
import { bundleVerdict } from './cases.js';

describe('withoutContentHash', () => {
  it.each([
    ['assets/index-BxK3a9Qz.js', 'assets/index-*.js'],
    ['static/css/main.3f2a9c1d.css', 'static/css/main.*.css'],
    ['app.02629657fa4789f9494d.bundle.js', 'app.*.bundle.js'],
    ['assets/app-chunk-5e6f7a8b.mjs', 'assets/app-chunk-*.mjs'],
    ['fonts/inter-0a1b2c3d.woff2', 'fonts/inter-*.woff2'],
    // No hash: a version, a word, too short, no digit.
    ['vendor/jquery-3.6.0.min.js', 'vendor/jquery-3.6.0.min.js'],
    ['assets/products.js', 'assets/products.js'],
    ['assets/app-1a2b.js', 'assets/app-1a2b.js'],
    ['assets/node_modules_react-dom_index.js', 'assets/node_modules_react-dom_index.js'],
    ['build-12345678/app.js', 'build-12345678/app.js'],
  ])('%s is %s across builds', (name, expected) => {
    expect(withoutContentHash(name)).toBe(expected);
  });
});

describe('partChanges: where a bundle’s change is', () => {
  it('matches files by name without their hashes, counts those of one name together, the largest change first', () => {
    const head = [
      { name: 'assets/index-Dq81LmzA.js', value: 5200 },
      { name: 'assets/vendor-a1b2c3d4.js', value: 40_000 },
      { name: 'assets/chunk-11111111.js', value: 300 },
      { name: 'assets/chunk-22222222.js', value: 500 },
      { name: 'assets/chat-9f8e7d6c.js', value: 2000 },
    ];
    const base = [
      { name: 'assets/index-BxK3a9Qz.js', value: 5000 },
      { name: 'assets/vendor-a1b2c3d4.js', value: 40_000 },
      { name: 'assets/chunk-33333333.js', value: 700 },
      { name: 'assets/legacy.js', value: 1100 },
    ];
    expect(partChanges(head, base)).toEqual([
      { name: 'assets/chat-*.js', files: 1, baseFiles: 0, value: 2000, base: 0, delta: 2000 },
      { name: 'assets/legacy.js', files: 0, baseFiles: 1, value: 0, base: 1100, delta: -1100 },
      { name: 'assets/index-*.js', files: 1, baseFiles: 1, value: 5200, base: 5000, delta: 200 },
      { name: 'assets/chunk-*.js', files: 2, baseFiles: 1, value: 800, base: 700, delta: 100 },
    ]);
  });

  it('is empty when only the hashes changed', () => {
    expect(partChanges([{ name: 'a-11111111.js', value: 10 }], [{ name: 'a-22222222.js', value: 10 }])).toEqual([]);
  });
});

describe('bundleFileLines', () => {
  const verdict = (parts: Verdict['parts'], baseParts?: Verdict['parts']): Verdict =>
    bundleVerdict({ parts, ...(baseParts ? { change: { base: 0, delta: 0, relative: null, baseParts } } : {}) });

  it('names the files that changed, new and removed ones, and counts those past five', () => {
    const base = [
      { name: 'a-11111111.js', value: 1000 },
      { name: 'b.js', value: 1000 },
      { name: 'c-1c1c1c1c.js', value: 100 },
      { name: 'c-2c2c2c2c.js', value: 100 },
    ];
    const head = [
      { name: 'a-22222222.js', value: 12_800 },
      { name: 'c-3c3c3c3c.js', value: 300 },
      { name: 'd.js', value: 2048 },
      { name: 'e.js', value: 1 },
      { name: 'f.js', value: 2 },
      { name: 'g.js', value: 3 },
    ];
    expect(bundleFileLines([verdict(head, base)], { code: (t) => `<${t}>`, text: (t) => t.toUpperCase() })).toEqual([
      'APP JS: <a-*.js> +11.8 kB, <d.js> new, 2.0 kB, <b.js> removed, -1.0 kB, <c-*.js> (1 file, 2 in the base) +100 B, <g.js> new, 3 B, and 2 more',
    ]);
  });

  it('says nothing without the base’s files (older results), when no file changed, or of a bundle of one file on both sides', () => {
    const parts = [{ name: 'a.js', value: 10 }];
    expect(bundleFileLines([verdict(parts)])).toEqual([]);
    expect(bundleFileLines([verdict(parts, parts)])).toEqual([]);
    expect(bundleFileLines([verdict(undefined, parts)])).toEqual([]);
    // One file on both sides, rebuilt: the bundle's row says it all.
    expect(bundleFileLines([verdict([{ name: 'a-11111111.js', value: 12 }], [{ name: 'a-22222222.js', value: 10 }])])).toEqual([]);
    // One file replaced by another is named.
    expect(bundleFileLines([verdict([{ name: 'b.js', value: 12 }], [{ name: 'a.js', value: 10 }])])).toEqual(['app JS: b.js new, 12 B, a.js removed, -10 B']);
  });

  it('adds a line by source where both sides’ files have source maps, after the line by file', () => {
    const change = { base: 0, delta: 0, relative: null };
    const sources = [
      { name: 'node_modules/lodash', value: 71_000 },
      { name: 'src/cart.ts', value: 900 },
      { name: 'node_modules/dayjs', value: 7_000 },
    ];
    const baseSources = [
      { name: 'src/cart.ts', value: 600 },
      { name: 'node_modules/lodash', value: 1_000 },
      { name: 'node_modules/moment', value: 70_000 },
    ];
    const both = bundleVerdict({
      parts: [
        { name: 'a-11111111.js', value: 20 },
        { name: 'b.js', value: 5 },
      ],
      sources,
      change: { ...change, baseParts: [{ name: 'a-22222222.js', value: 10 }], baseSources },
    });
    expect(bundleFileLines([both], { code: (t) => `<${t}>`, text: (t) => t })).toEqual([
      'app JS: <a-*.js> +10 B, <b.js> new, 5 B',
      'app JS, by source (before compression): <node_modules/lodash> +70.0 kB, <node_modules/moment> removed, -70.0 kB, <node_modules/dayjs> new, 7.0 kB, <src/cart.ts> +300 B',
    ]);
    // Sources without the base's (older results, a base without maps), or the bundle new in the pull request: no such line.
    expect(bundleFileLines([bundleVerdict({ parts: both.parts, sources, change: { ...change, baseParts: [{ name: 'b.js', value: 5 }] } })])).toEqual([
      'app JS: a-*.js new, 20 B',
    ]);
    expect(bundleFileLines([bundleVerdict({ parts: both.parts, sources, change: { ...change, baseParts: [], baseSources: [] } })])).toEqual([
      'app JS: a-*.js new, 20 B, b.js new, 5 B',
    ]);
  });

  it('names the sources of a bundled check (esbuild’s account of its bundle), which has no files of its own', () => {
    const bundled = bundleVerdict({
      sources: [
        { name: 'node_modules/react', value: 6_491 },
        { name: 'index.js', value: 52 },
      ],
      change: {
        base: 2_600,
        delta: 10,
        relative: 0.004,
        baseSources: [
          { name: 'node_modules/react', value: 6_491 },
          { name: 'index.js', value: 40 },
        ],
      },
    });
    expect(bundled.parts).toBeUndefined();
    expect(bundleFileLines([bundled])).toEqual(['app JS, by source (before compression): index.js +12 B']);
  });
});
