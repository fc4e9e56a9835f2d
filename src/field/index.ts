/** perfgate/collector: the field data collector as a library. */
export { createCollector } from './handler.js';
export type { CollectorHandler, CollectorOptions } from './handler.js';
export type { ClientContext, CollectorReply, CollectorRequest } from './exchange.js';
export { serveCollector } from './node-server.js';
export type { RunningCollector } from './node-server.js';
export { openPostgresStore } from './postgres-store.js';
export { openSqliteStore } from './sqlite-store.js';
export type { DeviceClass, FieldStore, StoredSample, SummaryQuery, SummaryRow } from './store.js';
export type { Beacon, BeaconMetric, FieldMetricName } from './wire.js';
