import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundlesOnBase } from '../../src/budgets/bundles-on-base.js';
import type { BundleBudget } from '../../src/config/model.js';

const bundle = (name: string, patterns: string[], extra: Partial<BundleBudget> = {}): BundleBudget => ({
  name,
  patterns,
  baseDir: '/repo',
  compression: 'brotli',
  size: { warn: null, error: 1000 },
  time: { warn: null, error: 500 },
  running: true,
  ...extra,
});

describe('bundlesOnBase', () => {
  it('moves globs inside the build folder to the same paths in the base’s, negations included, by size only', () => {
    const [js] = bundlesOnBase([bundle('js', ['dist/assets/*.js', '!dist/assets/*.map'])], '/repo/dist', '/tmp/base/dist');
    expect(js).toMatchObject({ name: 'js', baseDir: '/tmp/base/dist', patterns: ['assets/*.js', '!assets/*.map'], time: null });
    // Its files are named as the pull request's: /tmp/base/dist/assets/a.js is dist/assets/a.js.
    expect(js?.namePrefix).toBe('dist');
  });

  it('gives no base to a bundle with a glob outside the build folder (a library’s own output)', () => {
    expect(bundlesOnBase([bundle('lib', ['lib/index.js']), bundle('both', ['dist/a.js', 'lib/b.js'])], '/repo/dist', '/tmp/base/dist')).toEqual([]);
  });

  it('reads globs relative to the budgets file’s folder, wherever the build folder is', () => {
    const [css] = bundlesOnBase([bundle('css', ['../web/build/*.css'], { baseDir: '/repo/config' })], '/repo/web/build', path.join('/b', 'build'));
    expect(css?.patterns).toEqual(['*.css']);
    expect(css?.namePrefix).toBe('../web/build');
  });
});
