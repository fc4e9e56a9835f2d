import { readFileSync } from 'node:fs';
import { UserError } from '../errors.js';

/**
 * Reads and parses a JSON file; a missing file or a syntax error is a user error naming the file and
 * line. `whenMissing` is the fix for a missing file (default: create it or name it with a flag).
 */
export function readJson(file: string, what: string, whenMissing = `Create the ${what}, or point to it with the right flag (see --help).`): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`${file}: not found. ${whenMissing}`);
    throw new UserError(`${file}: cannot be read (${code ?? String(error)}).`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const at = /position (\d+)/.exec(message);
    let where = '';
    if (at) {
      const before = text.slice(0, Number(at[1]));
      const line = before.split('\n').length;
      const column = before.length - before.lastIndexOf('\n');
      where = ` at line ${line}, column ${column}`;
    }
    throw new UserError(`${file}: is not valid JSON${where} (${message}). JSON needs double quotes and no trailing commas.`);
  }
}
