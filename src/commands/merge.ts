import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadResults } from '../config/load-results.js';
import type { Io } from '../io.js';
import { reviewId } from './review-id.js';
import { mergeResults } from '../merge-results.js';
import { finish, madeNow } from './finish.js';
import { isFolder } from '../is-folder.js';
import { movedManifest } from '../lab/lhci-manifest.js';
import { readLhciManifest } from './read-lhci-manifest.js';

/** A folder with results.json, or the file itself. */
function resultsFile(input: string, cwd: string): string {
  const absolute = path.resolve(cwd, input);
  return isFolder(absolute) ? path.join(absolute, 'results.json') : absolute;
}

export interface MergeFlags {
  inputs: string[];
  out: string;
  /** Also write the budgets as JUnit XML here. */
  junit?: string;
  /** The package (monorepos): its own section of the job summary; default from the config folder. */
  id?: string;
}

/** `perfgate merge DIR...`: one results.json and one table from the results of several CI jobs. */
export async function mergeCommand(flags: MergeFlags, io: Io): Promise<number> {
  const id = reviewId(flags.id, 'budgets.json', io.cwd, io.env);
  const outDir = path.resolve(io.cwd, flags.out);
  const inputs = flags.inputs.map((input) => {
    const file = resultsFile(input, io.cwd);
    return { file, results: loadResults(file) };
  });
  const code = await finish(mergeResults(inputs, outDir, madeNow()), outDir, io, { junit: flags.junit, id });
  // The shards' manifest.json (Lighthouse CI's shape) as one, its paths where the shards' files now are.
  const manifests = inputs.map(({ file }) => path.join(path.dirname(file), 'manifest.json')).filter((file) => existsSync(file));
  if (manifests.length > 0) {
    const entries = manifests.flatMap((file) => {
      const read = readLhciManifest(file);
      if (!read)
        io.stderr.write(`warning: ${file}: not a manifest.json that perfgate run wrote (a list of runs, each with its jsonPath); left out of the merged one\n`);
      return read ? movedManifest(read, path.dirname(file)) : [];
    });
    await writeFile(path.join(outDir, 'manifest.json'), JSON.stringify(entries, null, 2));
  }
  return code;
}
