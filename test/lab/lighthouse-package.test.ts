import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { DESKTOP_PRESET, MOBILE_EMULATION } from '../../src/lab/lighthouse-config.js';
import { PRESET_THROTTLING } from '../../src/preset-throttling.js';
import { loadLighthousePackage } from '../../src/lab/lighthouse-package.js';
import { LIGHTHOUSE_INTERNALS } from '../../src/lab/lighthouse-versions.js';
import { EXAMPLE_DIST, EXPECTED_LIGHTHOUSE, runMain, tempDir, writeJson } from '../helpers.js';

/** A folder that claims to be Lighthouse `version`, with the given module files (file → source). */
function fakeLighthouse(version: string, files: Record<string, string> = {}): string {
  const dir = path.join(tempDir('perfgate-fake-lh-'), 'lighthouse');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'lighthouse', version, type: 'module' }));
  for (const [file, source] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), source);
  }
  return dir;
}

const userError = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
};

describe('loadLighthousePackage', () => {
  it('loads the Lighthouse installed beside perfgate (or PERFGATE_LIGHTHOUSE) with every internal the runner calls', async () => {
    const found = await loadLighthousePackage();
    const expected = process.env.PERFGATE_LIGHTHOUSE
      ? path.resolve(process.env.PERFGATE_LIGHTHOUSE)
      : path.dirname(createRequire(import.meta.url).resolve('lighthouse/package.json'));
    expect(found.dir).toBe(expected);
    expect(found.version).toBe(JSON.parse(readFileSync(path.join(expected, 'package.json'), 'utf8')).version);
    expect(found.unchecked).toBeNull();
    // The version the suite runs with: the devDependency, or Lighthouse 13 under npm run test:lighthouse-13.
    expect(found.version).toBe(EXPECTED_LIGHTHOUSE);
    for (const [file, names] of Object.entries(LIGHTHOUSE_INTERNALS))
      for (const name of names) expect(found.modules[file]?.[name], `${file} ${name}`).toBeDefined();
  });

  it('refuses an untested version before loading anything, with the fix and the flag to try anyway (exit 2)', async () => {
    const error = await userError(loadLighthousePackage({ dir: fakeLighthouse('14.0.0'), nodeVersion: 'v22.23.3' }));
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(/^Lighthouse 14\.0\.0 is not a version perfgate is tested with \(12\.6 and 13\.0-13\.5\)/);
    expect(error.message).toContain('fix: install a tested version (npm install --save-dev lighthouse@13.5), or pass --lighthouse-unchecked');
  });

  it('refuses Lighthouse 13 on Node 20, naming both ways out', async () => {
    const error = await userError(loadLighthousePackage({ dir: fakeLighthouse('13.5.0'), nodeVersion: 'v20.20.0' }));
    expect(error.message).toContain('Lighthouse 13.5.0 needs Node 22.19 or later; this is Node 20.20.0.');
    expect(error.message).toContain('npm install --save-dev lighthouse@12.6.1');
  });

  it('with --lighthouse-unchecked tries an untested version, and says clearly which internal it lacks', async () => {
    const unloadable = await userError(loadLighthousePackage({ dir: fakeLighthouse('14.0.0'), unchecked: true }));
    expect(unloadable.message).toContain('Lighthouse 14.0.0');
    expect(unloadable.message).toContain("could not load core/index.js, which perfgate's runner uses");
    const files = Object.fromEntries(
      Object.entries(LIGHTHOUSE_INTERNALS).map(([file, names]) => [
        file,
        names.map((n) => (n === 'default' ? 'export default {};' : `export const ${n} = () => {};`)).join('\n'),
      ]),
    );
    files['core/gather/navigation-runner.js'] = 'export const _setup = () => {};\nexport const _cleanup = () => {};\n';
    const changed = await userError(loadLighthousePackage({ dir: fakeLighthouse('14.0.0', files), unchecked: true }));
    expect(changed.message).toContain('Lighthouse 14.0.0');
    expect(changed.message).toContain('has no "_navigation" in core/gather/navigation-runner.js, which perfgate\'s runner uses');
    // Everything there: it loads, and says it is unchecked.
    files['core/gather/navigation-runner.js'] = 'export const _setup = () => {};\nexport const _navigation = () => {};\nexport const _cleanup = () => {};\n';
    const loaded = await loadLighthousePackage({ dir: fakeLighthouse('14.0.0', files), unchecked: true });
    expect(loaded.version).toBe('14.0.0');
    expect(loaded.unchecked).toContain('Lighthouse 14.0.0 is not a version perfgate is tested with');
  });

  it('keeps the desktop preset Lighthouse has (perfgate builds configs without loading Lighthouse)', async () => {
    const found = await loadLighthousePackage();
    const { default: desktop } = (await import(pathToFileURL(path.join(found.dir, 'core/config/desktop-config.js')).href)) as {
      default: { settings: unknown };
    };
    expect(DESKTOP_PRESET).toEqual(desktop.settings);
    // And the throttling of each preset, which the review compares runs with.
    const { throttling, screenEmulationMetrics, userAgents } = (await import(pathToFileURL(path.join(found.dir, 'core/config/constants.js')).href)) as {
      throttling: Record<string, unknown>;
      screenEmulationMetrics: Record<string, unknown>;
      userAgents: Record<string, unknown>;
    };
    expect(PRESET_THROTTLING).toEqual({ mobile: throttling.mobileSlow4G, desktop: throttling.desktopDense4G });
    // And what it emulates on mobile, which check and run's NO_FCP probe load pages with.
    expect(MOBILE_EMULATION).toEqual({ screenEmulation: screenEmulationMetrics.mobile, emulatedUserAgent: userAgents.mobile });
  });

  it('says when PERFGATE_LIGHTHOUSE is not a Lighthouse package', async () => {
    const error = await userError(loadLighthousePackage({ dir: tempDir() }));
    expect(error.message).toMatch(/^PERFGATE_LIGHTHOUSE: .* is not a Lighthouse package/);
  });
});

describe('perfgate run with an untested Lighthouse', () => {
  it('exits 2 with the message before measuring anything, and measures nothing', async () => {
    const dir = tempDir();
    writeJson(dir, 'pages.json', { staticDir: EXAMPLE_DIST, runs: 1, pages: [{ name: 'home', path: '/' }] });
    writeJson(dir, 'budgets.json', { budgets: [{ path: '/*', timings: { 'first-contentful-paint': { error: 99999 } } }] });
    const result = await runMain(['run'], { cwd: dir, env: { PERFGATE_LIGHTHOUSE: fakeLighthouse('14.0.0') } });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain('Lighthouse 14.0.0 is not a version perfgate is tested with (12.6 and 13.0-13.5)');
    expect(result.stderr).toContain('--lighthouse-unchecked');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(() => readFileSync(path.join(dir, '.perfgate/results.json'))).toThrow();
  }, 60_000);
});
