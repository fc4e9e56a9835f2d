import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { checkLighthouse, peerRange, testedRange } from '../../src/lab/lighthouse-versions.js';

describe('checkLighthouse', () => {
  it.each([
    ['12.6.1', 'v20.19.0'],
    ['12.6.0', 'v22.23.3'],
    ['13.0.0', 'v22.19.0'],
    ['13.5.0', 'v22.23.3'],
    ['13.5.2', 'v24.1.0'],
  ])('accepts Lighthouse %s on Node %s (tested)', (lighthouse, node) => {
    expect(checkLighthouse(lighthouse, node)).toBeNull();
  });

  it.each([
    ['12.5.1', 'v20.20.0', 'npm install --save-dev lighthouse@12.6.1'],
    ['11.7.1', 'v20.20.0', 'npm install --save-dev lighthouse@12.6.1'],
    ['13.6.0', 'v22.23.3', 'npm install --save-dev lighthouse@13.5'],
    ['14.0.0', 'v22.23.3', 'npm install --save-dev lighthouse@13.5'],
    ['14.0.0', 'v20.20.0', 'npm install --save-dev lighthouse@12.6.1'],
  ])('refuses Lighthouse %s on Node %s (untested), suggesting %s and --lighthouse-unchecked', (lighthouse, node, install) => {
    const problem = checkLighthouse(lighthouse, node);
    expect(problem?.what).toBe(
      `Lighthouse ${lighthouse} is not a version perfgate is tested with (12.6 and 13.0-13.5). perfgate drives Lighthouse's gathering internals, which change between versions without notice, so it does not measure with an untested one.`,
    );
    expect(problem?.fix).toContain(install);
    expect(problem?.fix).toContain(`--lighthouse-unchecked to try ${lighthouse} anyway`);
  });

  it('refuses Lighthouse 13 on a Node older than 22.19, pointing at Node 22 or at Lighthouse 12.6', () => {
    expect(checkLighthouse('13.5.0', 'v20.20.0')).toEqual({
      what: 'Lighthouse 13.5.0 needs Node 22.19 or later; this is Node 20.20.0.',
      fix: 'run perfgate on Node 22.19+, or install Lighthouse 12 for this Node (npm install --save-dev lighthouse@12.6.1).',
    });
    expect(checkLighthouse('13.0.0', 'v22.18.9')?.what).toBe('Lighthouse 13.0.0 needs Node 22.19 or later; this is Node 22.18.9.');
    expect(checkLighthouse('12.6.1', 'v20.18.0')?.what).toBe('Lighthouse 12.6.1 needs Node 20.19 or later; this is Node 20.18.0.');
  });

  it('names the tested versions for messages', () => {
    expect(testedRange()).toBe('12.6 and 13.0-13.5');
    expect(checkLighthouse('not-a-version', 'v20.20.0')?.what).toContain('Lighthouse not-a-version is not a version perfgate is tested with');
  });
});

describe('peerRange', () => {
  it("is package.json's peer range of lighthouse, so npm installs only versions the start-up check accepts", () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(peerRange()).toBe('12.6.x || >=13.0.0 <13.6.0');
    expect(pkg.peerDependencies.lighthouse).toBe(peerRange());
  });

  it('writes a single tested minor as M.m.x and a span as a half-open range', () => {
    expect(peerRange([{ major: 14, minors: [1, 1], node: [22, 19], install: 'lighthouse@14.1' }])).toBe('14.1.x');
    expect(peerRange([{ major: 14, minors: [0, 2], node: [22, 19], install: 'lighthouse@14.2' }])).toBe('>=14.0.0 <14.3.0');
  });
});
