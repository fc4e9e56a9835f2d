/**
 * The Lighthouse versions perfgate's lab runner is tested with, and the Node each needs. The runner
 * calls Lighthouse's gathering internals (see `LIGHTHOUSE_INTERNALS`), which change between minor
 * versions without notice; a version outside this table is refused unless the user asks to try it.
 */
export const TESTED_LIGHTHOUSE: readonly TestedLighthouse[] = [
  { major: 12, minors: [6, 6], node: [20, 19], install: 'lighthouse@12.6.1' },
  { major: 13, minors: [0, 5], node: [22, 19], install: 'lighthouse@13.5' },
];

export interface TestedLighthouse {
  major: number;
  /** The first and last tested minor version (every patch of them). */
  minors: readonly [number, number];
  /** The oldest Node that version runs on (its `engines`), [major, minor]. */
  node: readonly [number, number];
  /** What to install to get a tested release of this major. */
  install: string;
}

/** The internal modules (relative to the package) and exports the runner calls: checked before a run. */
export const LIGHTHOUSE_INTERNALS: Readonly<Record<string, readonly string[]>> = {
  'core/index.js': ['startFlow', 'generateReport'],
  'core/config/config.js': ['initializeConfig'],
  'core/gather/base-artifacts.js': ['finalizeArtifacts'],
  'core/gather/driver.js': ['Driver'],
  'core/gather/navigation-runner.js': ['_setup', '_navigation', '_cleanup'],
  'core/lib/url-utils.js': ['default'],
  'core/runner.js': ['Runner'],
};

/** Why perfgate will not measure with a Lighthouse on this Node, or null when it will. */
export interface LighthouseProblem {
  what: string;
  fix: string;
}

const parse = (version: string): [number, number, number] | null => {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : null;
};

/** "12.6 and 13.0-13.5", for messages. */
export function testedRange(tested: readonly TestedLighthouse[] = TESTED_LIGHTHOUSE): string {
  const one = (t: TestedLighthouse) => (t.minors[0] === t.minors[1] ? `${t.major}.${t.minors[0]}` : `${t.major}.${t.minors[0]}-${t.major}.${t.minors[1]}`);
  const parts = tested.map(one);
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : (parts[0] ?? 'none');
}

/**
 * The npm range of the tested versions ("12.6.x || >=13.0.0 <13.6.0"): package.json's peer
 * dependency, so that npm installs a version perfgate measures with (on Node 22 the newest tested
 * 13.x, not a newer minor that the start-up check would refuse).
 */
export function peerRange(tested: readonly TestedLighthouse[] = TESTED_LIGHTHOUSE): string {
  const one = ({ major, minors: [first, last] }: TestedLighthouse) =>
    first === last ? `${major}.${first}.x` : `>=${major}.${first}.0 <${major}.${last + 1}.0`;
  return tested.map(one).join(' || ');
}

/**
 * Checks an installed Lighthouse against the tested versions and the running Node: null when it is
 * tested and this Node is new enough for it, else what is wrong and how to fix it.
 */
export function checkLighthouse(
  lighthouseVersion: string,
  nodeVersion: string,
  tested: readonly TestedLighthouse[] = TESTED_LIGHTHOUSE,
): LighthouseProblem | null {
  const version = parse(lighthouseVersion);
  const node = parse(nodeVersion);
  const match = version ? tested.find((t) => t.major === version[0] && version[1] >= t.minors[0] && version[1] <= t.minors[1]) : undefined;
  if (!match) {
    const sameMajor = version ? tested.find((t) => t.major === version[0]) : undefined;
    const suggestion = sameMajor ?? tested.filter((t) => !node || !olderThan(node, t.node)).at(-1) ?? tested[0];
    return {
      what: `Lighthouse ${lighthouseVersion} is not a version perfgate is tested with (${testedRange(tested)}). perfgate drives Lighthouse's gathering internals, which change between versions without notice, so it does not measure with an untested one.`,
      fix: `install a tested version (npm install --save-dev ${suggestion?.install ?? 'lighthouse@12.6.1'}), or pass --lighthouse-unchecked to try ${lighthouseVersion} anyway (its version is recorded with every page).`,
    };
  }
  if (node && olderThan(node, match.node)) {
    const older = tested.filter((t) => !olderThan(node, t.node)).at(-1);
    return {
      what: `Lighthouse ${lighthouseVersion} needs Node ${match.node.join('.')} or later; this is Node ${nodeVersion.replace(/^v/, '')}.`,
      fix: `run perfgate on Node ${match.node.join('.')}+${older ? `, or install Lighthouse ${older.major} for this Node (npm install --save-dev ${older.install})` : ''}.`,
    };
  }
  return null;
}

const olderThan = (version: readonly number[], minimum: readonly number[]) =>
  (version[0] ?? 0) < (minimum[0] ?? 0) || ((version[0] ?? 0) === (minimum[0] ?? 0) && (version[1] ?? 0) < (minimum[1] ?? 0));
