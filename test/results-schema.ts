import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { expect } from 'vitest';
import { ROOT } from './helpers.js';

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats.default(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(path.join(ROOT, 'schema/results.schema.json'), 'utf8')));

/** Reads a results.json and checks it against the shipped schema. */
// biome-ignore lint/suspicious/noExplicitAny: JSON checked against schema/results.schema.json before the tests read it
export function readResults(dir: string): Record<string, any> {
  const results = JSON.parse(readFileSync(path.join(dir, 'results.json'), 'utf8'));
  const ok = validate(results);
  expect(validate.errors ?? [], 'results.json matches schema/results.schema.json').toEqual([]);
  expect(ok).toBe(true);
  return results;
}
