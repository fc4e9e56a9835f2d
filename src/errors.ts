/**
 * A mistake the user can fix (a config file, a flag, a missing browser). The CLI prints its
 * message without a stack trace and exits with `exitCode`; anything else is a bug and keeps its stack.
 */
export class UserError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = 'UserError';
    this.exitCode = exitCode;
  }
}

/** The user interrupted the run (Ctrl-C / SIGTERM); exit code 130 like a shell. */
export class Interrupted extends Error {
  readonly exitCode = 130;

  constructor(signal = 'SIGINT') {
    super(`Interrupted by ${signal}; every Chrome process perfgate started was stopped.`);
    this.name = 'Interrupted';
  }
}

/** The `Interrupted` for an aborted signal, named after the signal that aborted it. */
export function interruptedBy(signal: AbortSignal | undefined): Interrupted {
  return new Interrupted(String(signal?.reason ?? 'SIGINT'));
}

/** One problem in a config file: where it is, what was found, and what to write instead. */
export interface ConfigProblem {
  /** JSON path like `pages[2].path`, or `(root)`. */
  where: string;
  what: string;
  fix?: string;
}

/** All the problems of one config file as one user error (exit code 2). */
export function configError(file: string, problems: ConfigProblem[]): UserError {
  const lines = problems.map((p) => `  ${p.where}: ${p.what}${p.fix ? `\n    fix: ${p.fix}` : ''}`);
  const noun = problems.length === 1 ? 'problem' : 'problems';
  return new UserError(`${file}: ${problems.length} ${noun}:\n${lines.join('\n')}`);
}

/** Levenshtein distance, for "did you mean" suggestions. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] as number;
      row[j] = Math.min(current + 1, (row[j - 1] as number) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length] as number;
}

/** The closest of `candidates` to `word` (or an alias match), when it is close enough to be a typo. */
export function closest(word: string, candidates: readonly string[], aliases: Record<string, string> = {}): string | undefined {
  const lower = word.toLowerCase();
  if (aliases[lower]) return aliases[lower];
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = distance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}
