import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDigest, identicalBuilds, UnreadableBuild } from '../../src/lab/build-digest.js';
import { tempDir } from '../helpers.js';

/** A small build: an index, a script in a subfolder. */
function build(root: string, script = 'console.log(1);\n') {
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<h1>home</h1>');
  writeFileSync(path.join(root, 'assets', 'app.js'), script);
  return root;
}

describe('buildDigest', () => {
  it('is the same for two folders with the same bytes at the same paths, and differs for one byte, one name or one more file', () => {
    const dir = tempDir();
    const a = buildDigest(build(path.join(dir, 'a')));
    expect(a).toMatchObject({ files: 2, bytes: 29 });
    expect(buildDigest(build(path.join(dir, 'b'))).sha256).toBe(a.sha256);
    expect(buildDigest(build(path.join(dir, 'c'), 'console.log(2);\n')).sha256).not.toBe(a.sha256);
    const renamed = build(path.join(dir, 'd'));
    mkdirSync(path.join(renamed, 'js'));
    writeFileSync(path.join(renamed, 'js', 'app.js'), 'console.log(1);\n');
    const moved = buildDigest(renamed);
    expect(moved.files).toBe(3);
    expect(moved.sha256).not.toBe(a.sha256);
  });

  it('follows a symbolic link to a file as the server does, and a folder that links back to its parent only once', () => {
    const dir = tempDir();
    const a = build(path.join(dir, 'a'));
    symlinkSync(path.join(a, 'assets', 'app.js'), path.join(a, 'app-link.js'));
    symlinkSync(a, path.join(a, 'assets', 'loop'));
    const digest = buildDigest(a);
    expect(digest.files).toBe(3);
  });

  // Root reads any file whatever its mode, so an unreadable file is one the kernel refuses to read:
  // /proc/self/mem is a regular file whose first page is never mapped (EIO).
  it('names a file it cannot read, and then measures both builds instead of taking them for identical', () => {
    const dir = tempDir();
    const base = build(path.join(dir, 'base'));
    const head = build(path.join(dir, 'head'));
    expect(identicalBuilds(base, head, () => {})).toMatchObject({ files: 2 });
    symlinkSync('/proc/self/mem', path.join(base, 'assets', 'unreadable.js'));
    const unreadable = path.join(base, 'assets', 'unreadable.js');
    expect(() => buildDigest(base)).toThrow(UnreadableBuild);
    expect(() => buildDigest(base)).toThrow(`cannot read ${unreadable} (EIO)`);
    const notes: string[] = [];
    expect(identicalBuilds(base, head, (line) => notes.push(line))).toBeNull();
    expect(notes).toEqual([
      `perfgate: could not tell whether the base's build is identical to this one: cannot read ${unreadable} (EIO); both are measured side by side\n`,
    ]);
  });
});
