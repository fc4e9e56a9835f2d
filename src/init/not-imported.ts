import type { ConfigProblem } from '../errors.js';

/** init's note for a value pages.json's schema does not take: its key, then what the schema says of it and the fix. */
export const notImported = (key: string, problems: readonly ConfigProblem[]): string =>
  `${key}: not imported: ${problems.map((p) => (p.fix ? `${p.what}; ${p.fix}` : p.what)).join('; ')}`;
