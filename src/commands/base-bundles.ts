import { assertBundles, type BundleMeasure, measureBundle } from '../bundles.js';
import type { BundleBudget } from '../config/model.js';
import type { Io } from '../io.js';
import type { Verdict } from '../types.js';

/**
 * The base build's bundles, measured as the pull request's are. A bundle the base lacks is new in the
 * pull request: its base is 0 B, so that the whole of it shows as its change (as size-limit's action
 * shows a new file). One that cannot be measured has no base. The run says which, rather than failing.
 */
export async function measureBaseBundles(bundles: readonly BundleBudget[], file: string, io: Io): Promise<Verdict[]> {
  const measured: BundleMeasure[] = [];
  for (const [index, bundle] of bundles.entries()) {
    try {
      measured.push(await measureBundle(bundle, index, file));
    } catch (error) {
      const message = (error as Error).message;
      if (/matches no file/.test(message)) {
        measured.push({ name: bundle.name, files: [], fileBytes: [], bytes: 0, sources: null, time: null, timeError: null });
        io.stderr.write(
          `perfgate: bundle ${bundle.name} is new in this pull request: the base's build has no ${bundle.patterns.join(', ')} in ${bundle.baseDir}\n`,
        );
      } else io.stderr.write(`perfgate: bundle ${bundle.name} is shown without a change: it could not be measured in the base's build (${message})\n`);
    }
  }
  return assertBundles(
    bundles.filter((b) => measured.some((m) => m.name === b.name)),
    measured,
  );
}
