import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain, tempDir } from '../helpers.js';

// size --base-root goes through the same check: test/bundles.test.ts.
describe('paths that name nothing', () => {
  const dir = tempDir();
  const file = path.join(dir, 'a-file.txt');
  writeFileSync(file, 'not a folder');
  const missing = path.join(dir, 'missing');

  it.each([
    ['run --base-dir', ['run', '--base-dir', 'a-file.txt'], `--base-dir a-file.txt: ${file} is not a folder. Build the base commit into it first`],
    ['run --base-dir', ['run', '--base-dir', 'missing'], `--base-dir missing: ${missing} is not a folder.`],
    ['init --dir', ['init', '--dir', 'a-file.txt'], `--dir a-file.txt: ${file} is not a folder. Build your site first, or point --dir at its output.`],
  ])('%s that is a file or missing is exit 2 naming the flag, the path and the fix (%#)', async (_name, args, message) => {
    const result = await runMain(args, { cwd: dir });
    expect(result.stderr).toContain(message);
    expect(result.code).toBe(2);
  });

  it('perfgate run without pages.json says that perfgate init writes it (exit 2)', async () => {
    const result = await runMain(['run'], { cwd: dir });
    expect(result.stderr).toContain(`${path.join(dir, 'pages.json')}: not found. npx perfgate init writes it (and budgets.json)`);
    expect(result.code).toBe(2);
  });
});
