import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import type { Beacon } from './wire.js';

const schema = JSON.parse(readFileSync(new URL('../../schema/beacon.schema.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const check = new Ajv({ allErrors: false, strict: true }).compile(schema);

/** CLS is unitless; a CLS above this is not a real page. */
const MAX_CLS = 100;

/** A beacon that passed validation, or why it did not. */
export type BeaconCheck = { ok: true; beacon: Beacon } | { ok: false; error: string };

/** Validates a parsed body against the wire-format schema (schema/beacon.schema.json) plus the CLS range. */
export function validateBeacon(data: unknown): BeaconCheck {
  if (!check(data)) {
    const error = check.errors?.[0];
    return { ok: false, error: `${error?.instancePath || '(root)'} ${error?.message ?? 'is invalid'}`.trim() };
  }
  const beacon = data as Beacon;
  const cls = beacon.metrics.find((m) => m.name === 'CLS' && m.value > MAX_CLS);
  if (cls) return { ok: false, error: `CLS ${cls.value} is out of range (0-${MAX_CLS})` };
  return { ok: true, beacon };
}
