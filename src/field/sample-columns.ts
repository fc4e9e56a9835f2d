import type { ExistingSample } from './rollup-deltas.js';
import type { DeviceClass, StoredSample } from './store.js';
import type { FieldMetricName } from './wire.js';

/** A stored sample's row as both stores select it for a batch (camel-case aliases; PostgreSQL gives a bigint as text). */
export interface ExistingRow {
  metricId: string;
  page: string;
  name: FieldMetricName;
  device: DeviceClass;
  value: number;
  receivedAt: number | string;
  target: string | null;
  inputDelay: number | null;
  processingDuration: number | null;
  presentationDelay: number | null;
}

/** The columns a batch selects for the rows it may replace, aliased as ExistingRow's keys. */
export const EXISTING_COLUMNS = `metric_id AS "metricId", page, name, device, value, received_at AS "receivedAt", target,
  input_delay AS "inputDelay", processing_duration AS "processingDuration", presentation_delay AS "presentationDelay"`;

export function existingSample(row: ExistingRow): ExistingSample {
  const { inputDelay, processingDuration, presentationDelay } = row;
  return {
    metricId: row.metricId,
    page: row.page,
    name: row.name,
    device: row.device,
    value: Number(row.value),
    receivedAt: Number(row.receivedAt),
    target: row.target,
    phases:
      inputDelay === null || processingDuration === null || presentationDelay === null
        ? null
        : { inputDelay: Number(inputDelay), processingDuration: Number(processingDuration), presentationDelay: Number(presentationDelay) },
  };
}

/** A sample's INP phases as three nullable columns. */
export function phaseColumns(sample: StoredSample): { inputDelay: number | null; processingDuration: number | null; presentationDelay: number | null } {
  return {
    inputDelay: sample.phases?.inputDelay ?? null,
    processingDuration: sample.phases?.processingDuration ?? null,
    presentationDelay: sample.phases?.presentationDelay ?? null,
  };
}
