import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { watchFolders, watchLimitError } from '../../src/commands/folder-watch.js';
import { isWatchedChange, watchChanges } from '../../src/commands/watch-changes.js';
import { UserError } from '../../src/errors.js';
import { main } from '../../src/main.js';
import { Captured, quietFor, tempDir, waitUntil, writeJson } from '../helpers.js';

describe('isWatchedChange', () => {
  it.each([
    ['dist/app.js', true],
    ['.size-limit.mjs', true],
    ['node_modules/react/index.js', false],
    ['packages/ui/node_modules/x.js', false],
    ['.git/index', false],
    ['.perfgate/results.json', false],
    ['.perfgate', false],
    ['.perfgate-old/results.json', true],
    ['kept/app/index.js', false],
    ['junit.xml', false],
  ])('%s: %s', (file, watched) => {
    expect(isWatchedChange(file, ['.perfgate', 'kept', 'junit.xml', ''])).toBe(watched);
  });
});

describe('perfgate size --watch', () => {
  const measurements = (text: string) => text.split('changed: measuring again').length - 1;

  it('measures again after each change, reads an edited config afresh, says a mistake and goes on, leaves its own output alone, until Ctrl-C', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'dist'));
    writeJson(dir, 'package.json', { name: 'app', private: true });
    writeFileSync(path.join(dir, 'dist/app.js'), 'console.log("small");\n');
    const config = (limit: string) =>
      writeFileSync(path.join(dir, '.size-limit.mjs'), `export default [{ name: 'app', path: 'dist/app.js', limit: '${limit}' }];\n`);
    config('1 kB');
    const stdout = new Captured();
    const stderr = new Captured();
    const controller = new AbortController();
    const done = main(['size', '--watch', '--junit', 'junit.xml'], {
      stdout,
      stderr,
      env: { ...process.env, NO_COLOR: '1' },
      cwd: dir,
      signal: controller.signal,
    });
    await waitUntil(() => stderr.text.includes('watching'), 'the first measurement', 20_000);
    expect(stdout.text).toMatch(/app +Size \(brotli\) +\d+ B +- \/ 1\.0 kB +✔ pass/);
    expect(stderr.text).toContain(`watching ${dir} for changes (Ctrl-C to stop)`);

    // The bundle grows past its limit: measured again.
    writeFileSync(path.join(dir, 'dist/app.js'), `console.log("${randomBytes(2000).toString('hex')}");\n`);
    await waitUntil(() => measurements(stdout.text) === 1 && stdout.text.trimEnd().endsWith('junit.xml'), 'the measurement after the change', 20_000);
    expect(stdout.text).toContain('\ndist/app.js changed: measuring again\n');
    expect(stdout.text.split('changed: measuring again')[1]).toMatch(/✖ fail: 1 failed of 1 budget/);
    // What it writes itself (.perfgate/results.json, junit.xml) starts no measurement.
    await quietFor(1500);
    expect(measurements(stdout.text)).toBe(1);

    // The config (an ES module) is edited: read afresh.
    config('10 kB');
    await waitUntil(() => measurements(stdout.text) === 2 && stdout.text.trimEnd().endsWith('junit.xml'), 'the measurement after the config changed', 20_000);
    expect(stdout.text.split('changed: measuring again')[2]).toMatch(/app +Size \(brotli\) +[\d.]+ kB +- \/ 10\.0 kB +✔ pass/);

    // A mistake in the config is said, and the watch goes on.
    config('huge');
    await waitUntil(() => measurements(stdout.text) === 3 && stderr.text.includes('does not parse'), 'the message about the mistake', 20_000);
    expect(stderr.text).toContain(`perfgate: ${path.join(dir, '.size-limit.mjs')}: 1 problem:\n  [0].limit: "huge" does not parse`);
    config('20 kB');
    await waitUntil(() => measurements(stdout.text) === 4 && stdout.text.trimEnd().endsWith('junit.xml'), 'the measurement after the fix', 20_000);
    expect(stdout.text.split('changed: measuring again')[4]).toMatch(/- \/ 20\.0 kB +✔ pass/);

    // Ctrl-C: the watch ends with the last measurement's exit code.
    controller.abort();
    expect(await done).toBe(0);
  }, 120_000);

  it('--watch with --json is exit 2: one is for people, the other for a script', async () => {
    const stderr = new Captured();
    const code = await main(['size', '--watch', '--json'], { stdout: new Captured(), stderr, env: process.env, cwd: tempDir() });
    expect(code).toBe(2);
    expect(stderr.text).toContain('--watch prints a table after each change; --json is for one measurement a script reads');
  });
});

describe('watchChanges', () => {
  it('takes a write of the same bytes for no change: a bundle the measurement writes into the folder starts one more call at most', async () => {
    const dir = tempDir();
    const controller = new AbortController();
    const calls: string[][] = [];
    const watching = watchChanges(dir, [], controller.signal, async (files) => {
      calls.push([...files]);
      // Each call writes the same bundle inside the watched folder, as a webpack config's output would.
      writeFileSync(path.join(dir, 'out.js'), 'the same bundle');
      await quietFor(300);
    });
    await quietFor(200);
    writeFileSync(path.join(dir, 'src.js'), 'edited');
    await waitUntil(() => calls.length === 2, 'the call after the bundle was first written', 10_000);
    expect(calls).toEqual([['src.js'], ['out.js']]);
    await quietFor(1500);
    expect(calls).toHaveLength(2);
    // The same bytes written again by hand are no change either; other bytes are.
    writeFileSync(path.join(dir, 'src.js'), 'edited');
    await quietFor(1000);
    expect(calls).toHaveLength(2);
    writeFileSync(path.join(dir, 'src.js'), 'edited again');
    await waitUntil(() => calls.length === 3, 'the call after a change of the user’s', 10_000);
    expect(calls[2]).toEqual(['src.js']);
    controller.abort();
    await watching;
  }, 30_000);
});

/** How many folders this process watches now (Linux: inotify's watches, one per folder). */
function inotifyWatches(): number {
  let count = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      count += (readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8').match(/^inotify wd:/gm) ?? []).length;
    } catch {}
  }
  return count;
}

describe('watchFolders', () => {
  it('watches folders made later, and a folder a build removes and writes again, each time', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'dist'));
    // What was reported since the last look, and all along.
    const files: string[] = [];
    const all: string[] = [];
    const report = (file: string) => {
      files.push(file);
      all.push(file);
    };
    const stop = watchFolders(dir, () => true, { onFile: report, onError: (error) => report(`error: ${error.message}`) });
    try {
      // Folders made in one go, a file already inside when they are found: reported.
      mkdirSync(path.join(dir, 'src/a/b'), { recursive: true });
      writeFileSync(path.join(dir, 'src/a/b/deep.js'), 'deep');
      await waitUntil(() => files.includes(path.join('src', 'a', 'b', 'deep.js')), 'the file in the new folders');
      // ...and watched from then on.
      writeFileSync(path.join(dir, 'src/a/later.js'), 'later');
      await waitUntil(() => files.includes(path.join('src', 'a', 'later.js')), 'a file written later in a new folder');
      // A build empties dist by removing it and writes it again, twice.
      // The first time slowly, the second at once, as `rm -rf dist && mkdir dist` does (the watch then sees the new folder after it is made).
      for (const [build, pause] of [
        ['one', 100],
        ['two', 0],
      ] as const) {
        files.length = 0;
        rmSync(path.join(dir, 'dist'), { recursive: true });
        if (pause) await quietFor(pause);
        mkdirSync(path.join(dir, 'dist/assets'), { recursive: true });
        if (pause) await quietFor(pause);
        writeFileSync(path.join(dir, 'dist/assets/app.js'), build);
        await waitUntil(() => files.includes(path.join('dist', 'assets', 'app.js')), `the bundle of build ${build}`);
        files.length = 0;
        writeFileSync(path.join(dir, 'dist/assets/app.js'), `${build} edited`);
        await waitUntil(() => files.includes(path.join('dist', 'assets', 'app.js')), `an edit after build ${build}`);
      }
      // Only files that are there, none named after a removed folder's own watch.
      expect(all.filter((file) => file.startsWith('error') || file.endsWith(path.join('dist', 'dist')))).toEqual([]);
    } finally {
      stop();
    }
  }, 30_000);

  it.runIf(process.platform === 'linux')(
    'does not watch node_modules, .git or perfgate’s own folders at all (Linux: one watch per folder, and a limit on them)',
    () => {
      const dir = tempDir();
      for (const folder of [
        'src/lib',
        'node_modules/react/cjs',
        'node_modules/a/node_modules/b',
        'packages/ui/node_modules/x',
        '.git/objects/ab',
        '.perfgate/runs',
      ])
        mkdirSync(path.join(dir, folder), { recursive: true });
      const before = inotifyWatches();
      const stop = watchFolders(dir, (rel) => isWatchedChange(rel, ['.perfgate']), { onFile: () => {}, onError: () => {} });
      try {
        // The folder itself, src, src/lib, packages, packages/ui.
        expect(inotifyWatches() - before).toBe(5);
      } finally {
        stop();
      }
      expect(inotifyWatches()).toBe(before);
    },
  );
});

describe('watchFolders on macOS and Windows (their native recursive watch, run here as Node emulates it)', () => {
  const asPlatform = <T>(platform: NodeJS.Platform, body: () => T): T => {
    const real = Object.getOwnPropertyDescriptor(process, 'platform') as PropertyDescriptor;
    Object.defineProperty(process, 'platform', { ...real, value: platform });
    try {
      return body();
    } finally {
      Object.defineProperty(process, 'platform', real);
    }
  };

  it('reports the files that `watched` takes; a folder that cannot be watched is thrown as its own error, not as a limit', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'src'));
    mkdirSync(path.join(dir, 'node_modules/x'), { recursive: true });
    const files: string[] = [];
    const stop = asPlatform('darwin', () =>
      watchFolders(dir, (rel) => isWatchedChange(rel, []), { onFile: (file) => files.push(file), onError: (error) => files.push(error.message) }),
    );
    try {
      writeFileSync(path.join(dir, 'node_modules/x/index.js'), 'ignored');
      writeFileSync(path.join(dir, 'src/app.js'), 'app');
      await waitUntil(() => files.includes(path.join('src', 'app.js')), 'the file in src');
      await quietFor(200);
      expect(files.filter((file) => file.includes('node_modules'))).toEqual([]);
    } finally {
      stop();
    }
    // A folder that cannot be watched: its error as it is. (The limit's message on this path, from an EMFILE or ENOSPC, cannot be made to happen here.)
    expect(() => asPlatform('win32', () => watchFolders(path.join(dir, 'missing'), () => true, { onFile: () => {}, onError: () => {} }))).toThrow(/ENOENT/);
  });
});

describe('watchLimitError', () => {
  it('says which limit the system reached and how to raise it', () => {
    const limitFile = path.join(tempDir(), 'max_user_watches');
    writeFileSync(limitFile, '8192\n');
    const full = Object.assign(new Error("ENOSPC: System limit for number of file watchers reached, watch '/app/src'"), { code: 'ENOSPC' });
    const error = watchLimitError(full, '/app', limitFile);
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toBe(
      "--watch: the system's limit on watched folders is reached while watching /app (fs.inotify.max_user_watches, now 8192, shared with every other program that watches files, editors too). Raise it: sudo sysctl fs.inotify.max_user_watches=524288 (add the line fs.inotify.max_user_watches=524288 to /etc/sysctl.conf to keep it), or close other watching programs.",
    );
    // Without the file to read, the limit goes unsaid; other errors stay as they are.
    expect(watchLimitError(full, '/app', path.join(tempDir(), 'missing')).message).toContain('(fs.inotify.max_user_watches, shared');
    const other = new Error('EACCES');
    expect(watchLimitError(other, '/app', limitFile)).toBe(other);
  });
});
