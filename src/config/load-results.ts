import { existsSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import type { Results } from '../results.js';
import { readJson } from './read-json.js';
import { validate } from './validate.js';

/** Reads a results.json written by perfgate (e.g. the base branch's), validated against its schema. */
export function loadResults(file: string): Results {
  const absolute = path.resolve(file);
  if (!existsSync(absolute)) {
    throw new UserError(
      `${absolute}: not found. perfgate run, assert, size and merge write results.json into their --out folder (.perfgate/ by default): run one first, or pass the results.json one wrote.`,
    );
  }
  const data = readJson(absolute, 'results file');
  const version = (data as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version !== 1) {
    throw new UserError(
      `${absolute}: is not a perfgate results.json with schemaVersion 1 (found ${JSON.stringify(version ?? null)}). Pass the results.json that perfgate run or perfgate size wrote.`,
    );
  }
  validate('results', data, absolute);
  return data as Results;
}
