import { describe, expect, it } from 'vitest';
import { bundleWhyLines } from '../../src/report/bundle-why-lines.js';
import { bundleVerdict } from './cases.js';

describe('bundleWhyLines', () => {
  it.each([
    [
      'sources before compression, with their shares',
      bundleVerdict({
        sources: [
          { name: 'index.js', value: 100 },
          { name: 'node_modules/react', value: 300 },
        ],
        parts: [{ name: 'a.js', value: 120 }],
      }),
      ['app JS, by source (before compression): node_modules/react 300 B (75 %), index.js 100 B (25 %)'],
    ],
    [
      'files with their compressed shares, without sources',
      bundleVerdict({
        parts: [
          { name: 'a.js', value: 250 },
          { name: 'b.js', value: 750 },
        ],
      }),
      ['app JS, by file (brotli): b.js 750 B (75 %), a.js 250 B (25 %)'],
    ],
    [
      'the largest eight, the rest counted',
      bundleVerdict({ sources: Array.from({ length: 10 }, (_, i) => ({ name: `s${i}.js`, value: 10 * (i + 1) })) }),
      [
        'app JS, by source (before compression): s9.js 100 B (18 %), s8.js 90 B (16 %), s7.js 80 B (15 %), s6.js 70 B (13 %), s5.js 60 B (11 %), s4.js 50 B (9 %), s3.js 40 B (7 %), s2.js 30 B (5 %), and 2 more, 30 B',
      ],
    ],
    ['nothing for one file without sources', bundleVerdict({ parts: [{ name: 'a.js', value: 1 }] }), []],
    ['nothing for a time budget', bundleVerdict({ id: 'bundle:time', sources: [{ name: 'a.js', value: 1 }] }), []],
  ])('%s', (_, verdict, lines) => {
    expect(bundleWhyLines([verdict])).toEqual(lines);
  });
});
