import { createRequire } from 'node:module';
import { UserError } from './errors.js';

const require = createRequire(import.meta.url);

/**
 * Loads a package that perfgate declares as an optional peer dependency (the collector's database
 * drivers), when the feature that needs it is used. Missing, it is a user error (exit 2) that
 * names the package to install and what needs it; a native addon whose build was skipped (found by
 * `probe`, which uses it) says how to build it.
 */
export function loadOptionalPackage<T>(name: string, neededFor: string, probe?: (loaded: T) => void): T {
  try {
    const loaded = require(name) as T;
    // A native addon may load its build only when first used: the probe uses it here, where a missing build is named.
    probe?.(loaded);
    return loaded;
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    if (code === 'MODULE_NOT_FOUND' && message?.includes(`'${name}'`)) {
      throw new UserError(`${neededFor} needs the package ${name}, which is not installed (perfgate leaves it optional). Install it: npm install ${name}`);
    }
    if (/bindings file|\.node\b/i.test(message ?? '')) {
      throw new UserError(
        `${neededFor} needs ${name}'s native build, which is missing (installed with --ignore-scripts, or npm skipped its install script because package.json does not approve it?). Build it: npm rebuild ${name}; keep it built: npm install-scripts approve ${name}`,
      );
    }
    throw error;
  }
}
