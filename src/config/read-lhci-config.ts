import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { UserError } from '../errors.js';
import { readJson } from './read-json.js';

/** The config perfgate init writes for Lighthouse CI: it holds nothing to import, it reads pages.json and budgets.json. */
const PERFGATE_WRITTEN = /require\(\s*['"]perfgate\/lhci['"]\s*\)|from\s+['"]perfgate\/lhci['"]/;

/**
 * A Lighthouse CI config file's content, read the way `lhci` reads it: JSON, YAML, or a module
 * (lighthouserc.js, .cjs, .mjs) whose export is the config; null for one that perfgate wrote
 * (it builds the config from pages.json and budgets.json). A file that does not parse or load is a
 * UserError naming it.
 */
export async function readLhciConfig(file: string): Promise<unknown> {
  const extension = path.extname(file).toLowerCase();
  if (extension === '.json') return readJson(file, 'Lighthouse CI config');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(`${file}: ${code === 'ENOENT' ? 'not found; name an existing Lighthouse CI config' : `cannot be read (${code ?? String(error)})`}.`);
  }
  if (extension === '.yml' || extension === '.yaml') {
    try {
      return parseYaml(text);
    } catch (error) {
      throw new UserError(`${file}: is not valid YAML (${(error as Error).message.split('\n')[0]}).`);
    }
  }
  if (!['.js', '.cjs', '.mjs'].includes(extension)) {
    throw new UserError(`${file}: not a Lighthouse CI config name; it reads .json, .yml, .yaml, .js and .cjs files.`);
  }
  if (PERFGATE_WRITTEN.test(text)) return null;
  // Lighthouse CI runs the module to get its config; so does the import, once, as the user asked.
  try {
    const loaded = (await import(pathToFileURL(path.resolve(file)).href)) as { default?: unknown };
    return loaded.default ?? loaded;
  } catch (error) {
    throw new UserError(`${file}: could not be loaded (${(error as Error)?.message ?? String(error)}).`);
  }
}

/**
 * The GitHub workflows of a project (`.github/workflows/*.yml`, `.yaml`), parsed, with their paths
 * relative to it; a file that is not valid YAML is left out (it is GitHub's to report).
 */
export function readWorkflows(cwd: string): Array<{ file: string; workflow: unknown }> {
  const dir = path.join(cwd, '.github/workflows');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/i.test(name))
    .sort()
    .flatMap((name) => {
      try {
        return [{ file: `.github/workflows/${name}`, workflow: parseYaml(readFileSync(path.join(dir, name), 'utf8')) as unknown }];
      } catch {
        return [];
      }
    });
}
