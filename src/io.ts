import type { ProgressStream } from './lab/progress.js';

/** What a command may touch of the outside world; cli.ts passes the real process, tests their own. */
export interface Io {
  stdout: ProgressStream;
  stderr: ProgressStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Aborted on Ctrl-C / SIGTERM. */
  signal?: AbortSignal;
}
