import { newInPullRequest } from './not-in-base-words.js';
import { sameFilesCount } from './same-files-words.js';
import { withoutBaseCount } from './without-base-words.js';
import type { Results } from '../results.js';
import { utcMinute } from './utc-minute.js';

/** "7 + 7 runs" or "5-9 runs per side": runs of the pages measured side by side. */
function runsPerSide(results: Results): string {
  const counts = results.pages.filter((p) => p.base && !p.error).map((p) => p.measuredRuns);
  if (counts.length === 0) return 'no runs';
  const low = Math.min(...counts);
  const high = Math.max(...counts);
  return low === high ? `${low} + ${low} runs` : `${low}-${high} runs per side`;
}

/**
 * One line that says how the runs were measured and compared (plain text): side by side on this
 * runner, against stored results of a commit and date, or alone; with the multiple-comparison control.
 */
export function measuredLine(results: Results): string {
  const comparison = results.comparison;
  const sampled = results.pages.some((p) => p.sampling);
  const control = comparison?.control
    ? `, Holm over ${comparison.control.family} comparison${comparison.control.family === 1 ? '' : 's'} (α = ${comparison.settings.alpha})`
    : '';
  if (comparison?.base.measured === 'side by side' && !results.pages.some((p) => p.base)) {
    const runs = results.pages.map((p) => p.measuredRuns);
    const [low, high] = [Math.min(...runs), Math.max(...runs)];
    return `Side by side on this runner: every page loads the same files from both builds, so nothing to compare; this build alone was measured, ${low === high ? low : `${low}-${high}`} ${high === 1 ? 'run' : 'runs'} per page`;
  }
  if (comparison?.base.measured === 'side by side') {
    const most = Math.max(0, ...results.pages.map((p) => p.sampling?.maxRuns ?? 0));
    const fresh = newInPullRequest(results.pages);
    const offSite = withoutBaseCount(results);
    const same = sameFilesCount(results.pages.filter((p) => !p.error));
    const alone = [fresh && `${fresh} (not in the base's build)`, offSite, same].filter(Boolean).join(' and ');
    const aloneWords = alone ? `; ${alone} measured alone` : '';
    return `Side by side on this runner, ${runsPerSide(results)}, alternating${sampled ? ` (sampled until clear, at most ${most} per side)` : ''}${control}${aloneWords}`;
  }
  if (comparison) {
    const when = utcMinute(comparison.base.createdAt);
    const commit = comparison.base.commit ? `${comparison.base.commit.slice(0, 12)}, ` : '';
    const lacking = withoutBaseCount(results);
    return `Against stored results of ${commit}${when}${control}${lacking ? `; ${lacking}` : ''}`;
  }
  const runs = results.pages.map((p) => p.measuredRuns);
  if (runs.length === 0) {
    const bundles = results.budgets.filter((b) => b.kind === 'bundle');
    if (bundles.length === 0) return 'No pages measured';
    return bundles.some((b) => b.change) ? "Bundles only, each measured in the base's build too" : 'Bundles only, no base to compare with';
  }
  const low = Math.min(...runs);
  const high = Math.max(...runs);
  const identical = results.identicalBase;
  if (identical)
    return `The base's build is byte-identical to this one (${identical.files} file${identical.files === 1 ? '' : 's'}, sha256 ${identical.sha256.slice(0, 12)}): nothing to compare, so this build alone was measured, ${low === high ? low : `${low}-${high}`} ${high === 1 ? 'run' : 'runs'} per page`;
  return `${low === high ? low : `${low}-${high}`} ${high === 1 ? 'run' : 'runs'} per page on this runner${sampled ? ' (sampled until clear)' : ''}, no base to compare with`;
}
