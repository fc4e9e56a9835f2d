import { pathToFileURL } from 'node:url';
import { UserError } from '../errors.js';

/**
 * A user's module's default export (ESM `export default`, or CommonJS `module.exports`), which must
 * be a function: a UserError (exit 2) naming the file when it cannot be loaded or exports none.
 * `what` names it ("setup", "flow"), `key` the pages.json key that points at it, `example` the
 * function to write.
 */
export async function importFunction<F>(file: string, what: string, key: string, example: string): Promise<F> {
  let loaded: { default?: unknown };
  try {
    loaded = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (error) {
    throw new UserError(`${what} ${file}: cannot be loaded (${(error as Error).message}). Check the "${key}" path in pages.json and the module's syntax.`);
  }
  const found = typeof loaded.default === 'function' ? loaded.default : (loaded.default as { default?: unknown } | undefined)?.default;
  if (typeof found !== 'function') {
    throw new UserError(`${what} ${file}: exports no function. Write ${example} (or module.exports = async function ...).`);
  }
  return found as F;
}
