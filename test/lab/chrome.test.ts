import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { launchChrome } from '../../src/lab/chrome.js';
import { findChrome } from '../../src/lab/find-chrome.js';
import { tempDir } from '../helpers.js';

describe('launchChrome', () => {
  const given = process.env.TMPDIR;
  afterEach(() => {
    if (given === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = given;
  });

  it('gives Chrome a temporary folder of its own and removes it with the profile, whatever Chrome left in it', async () => {
    const tmp = tempDir('perfgate-tmp-');
    process.env.TMPDIR = tmp;
    const chrome = await launchChrome(findChrome());
    // What Chrome was started with: TMPDIR is a folder of perfgate's in the temporary folder, holding Chrome's socket folder.
    const environ = readFileSync(`/proc/${chrome.pid}/environ`, 'utf8').split('\0');
    const own = environ.find((v) => v.startsWith('TMPDIR='))?.slice('TMPDIR='.length) ?? '';
    expect(path.dirname(own)).toBe(tmp);
    expect(path.basename(own)).toMatch(/^perfgate-chrome-tmp-/);
    expect(readdirSync(own).some((name) => name.startsWith('org.chromium.'))).toBe(true);
    // A shared memory file a killed Chrome left behind (--disable-dev-shm-usage puts them in TMPDIR).
    writeFileSync(path.join(own, '.org.chromium.Chromium.left'), '');
    await chrome.close();
    expect(readdirSync(tmp)).toEqual([]);
  }, 30_000);
});
