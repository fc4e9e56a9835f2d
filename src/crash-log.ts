import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { VERSION } from './version.js';

/** The exit code of an internal error (a bug in perfgate), apart from every code a result or a user mistake gives. */
export const CRASH_EXIT_CODE = 4;

/** Flags whose value is a secret (a token, a password in a database URL): never written to the log. */
const SECRET_FLAG = /token|password|secret|database-url/i;

/** The arguments as they may be written down: the values of secret flags and passwords in URLs masked. */
export function maskArguments(args: readonly string[]): string[] {
  return args.map((arg, i) => {
    const [flag, value] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, null];
    if (value !== null && SECRET_FLAG.test(flag)) return `${flag}=***`;
    const previous = args[i - 1];
    if (previous?.startsWith('--') && !previous.includes('=') && SECRET_FLAG.test(previous) && !arg.startsWith('--')) return '***';
    return maskUrlPasswords(arg);
  });
}

/** `postgres://user:secret@host` → `postgres://user:***@host`, anywhere in a text. */
export function maskUrlPasswords(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi, '$1***@');
}

/** What a crash log holds: enough to reproduce it, without secrets. */
export function crashReport(error: unknown, args: readonly string[], now: Date): string {
  const stack = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  return [
    `perfgate ${VERSION} crashed at ${now.toISOString()}`,
    `node ${process.version} on ${process.platform} ${process.arch}`,
    `arguments: ${maskArguments(args).join(' ')}`,
    '',
    maskUrlPasswords(stack),
    '',
  ].join('\n');
}

/**
 * Writes the crash report to `.perfgate/` under `cwd` (where CI uploads perfgate's output), else to
 * the system's temporary folder, and returns the file's path; null when neither can be written.
 */
export function writeCrashLog(error: unknown, args: readonly string[], cwd: string, now = new Date()): string | null {
  const name = `crash-${now.toISOString().replace(/[:.]/g, '-')}-${process.pid}.log`;
  for (const dir of [path.join(cwd, '.perfgate'), os.tmpdir()]) {
    try {
      mkdirSync(dir, { recursive: true });
      const file = path.join(dir, name);
      writeFileSync(file, crashReport(error, args, now));
      return file;
    } catch {
      // The next folder.
    }
  }
  return null;
}

/** The short message a person sees for a crash: what happened, where the details are, exit code 4. */
export function crashMessage(error: unknown, logFile: string | null, report: string): string {
  const what = error instanceof Error ? error.message.split('\n')[0] : String(error);
  const where = logFile
    ? `The details (the stack, perfgate's and Node's versions, the arguments) are in ${logFile}: please attach that file to a bug report.`
    : `The details could not be written to a file, so here they are; please include them in a bug report:\n${report}`;
  return `\nperfgate hit an internal error (a bug in perfgate, not in your pages or budgets): ${what}\n${where}\n`;
}
