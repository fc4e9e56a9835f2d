import { describe, expect, it } from 'vitest';
import type { BundleBudget } from '../src/config/model.js';
import { sizeDebug } from '../src/size-debug.js';

const about = { version: '1.2.3', node: 'v20.20.2', platform: 'linux x64', cwd: '/app', config: '/app/.size-limit.mjs' };
const check: BundleBudget = {
  name: 'lib',
  patterns: ['index.js'],
  baseDir: '/app',
  compression: 'brotli',
  size: { warn: null, error: 1000 },
  time: null,
  running: true,
};

describe('sizeDebug', () => {
  it('gives each check as read, a config function named rather than lost (JSON has no functions), and the measurements', () => {
    const bundled: BundleBudget = {
      ...check,
      bundler: {
        bundler: 'esbuild',
        import: { 'index.js': '{ a }' },
        ignore: [],
        config: null,
        modify: (c) => c,
        entry: null,
        disableModuleConcatenation: false,
      },
    };
    const measure = { name: 'lib', files: ['index.js'], fileBytes: [40], bytes: 40, sources: null, time: null, timeError: null };
    const debug = JSON.parse(JSON.stringify(sizeDebug(about, [check, bundled], [measure])));
    expect(debug).toMatchObject({ perfgate: '1.2.3', node: 'v20.20.2', platform: 'linux x64', cwd: '/app', config: '/app/.size-limit.mjs' });
    expect(debug.checks[0]).toEqual(check);
    expect(debug.checks[1].bundler).toEqual({ ...bundled.bundler, modify: '(a function in the config)' });
    expect(debug.measures).toEqual([measure]);
    // Measuring failed: the checks alone.
    expect(sizeDebug(about, [check], null).measures).toBeNull();
    expect(
      JSON.parse(JSON.stringify(sizeDebug(about, [{ ...bundled, bundler: { ...bundled.bundler!, modify: null } }], null))).checks[0].bundler.modify,
    ).toBeNull();
  });
});
