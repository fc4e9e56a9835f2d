import { shellWords } from './shell-words.js';

/** One way to open a file: a command and its arguments. */
export interface Opener {
  command: string;
  args: string[];
}

/**
 * The commands that may open a file in the user's browser, to be tried in order until one starts.
 * $BROWSER when set, read as many tools read it: a list of commands (separated by `:`, `;` on
 * Windows), each with its arguments (quoted as in a shell), `%s` standing for the file (else it
 * comes last) and `%%` for a `%`. Without it, the system's opener (open on macOS, start on
 * Windows, xdg-open elsewhere). Pure.
 */
export function opener(file: string, env: Record<string, string | undefined>, platform: NodeJS.Platform): Opener[] {
  const browsers = (env.BROWSER ?? '')
    .split(platform === 'win32' ? ';' : ':')
    // An entry whose quote is left open is tried as one command, so that its failure names it.
    .map((entry) => shellWords(entry, platform !== 'win32') ?? [entry.trim()])
    .filter((words) => words.length > 0 && words[0] !== '');
  if (browsers.length > 0) return browsers.map((words) => withFile(words, file));
  if (platform === 'darwin') return [{ command: 'open', args: [file] }];
  if (platform === 'win32') return [{ command: 'cmd', args: ['/c', 'start', '""', file] }];
  return [{ command: 'xdg-open', args: [file] }];
}

/** A browser's words with the file put where `%s` is, or after them. */
function withFile([command, ...args]: string[], file: string): Opener {
  const placed = args.some((arg) => arg.includes('%s'));
  const filled = args.map((arg) => arg.replace(/%[%s]/g, (token) => (token === '%s' ? file : '%')));
  return { command: command as string, args: placed ? filled : [...filled, file] };
}
