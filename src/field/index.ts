/** perfgate/collector: the field data collector as a library. */
export { createCollector } from './handler.js';
export type { CollectorHandler, CollectorOptions } from './handler.js';
export type { CollectorReads } from './collector-reads.js';
export { ReadsBusy, ReadsSlow } from './collector-reads.js';
export { MAX_WAITING_READS, READ_DEADLINE_MS, startReadThread } from './read-thread.js';
export type { ReadThread } from './read-thread.js';
export type { StoreLocation } from './store-location.js';
export type { ClientContext, CollectorReply, CollectorRequest } from './exchange.js';
export { serveCollector, DEFAULT_SERVER_LIMITS } from './node-server.js';
export type { RunningCollector, ServerLimits } from './node-server.js';
export { openPostgresStore } from './postgres-store.js';
export type { PostgresTimeouts } from './postgres-store.js';
export { openSqliteStore } from './sqlite-store.js';
export { BacklogFull } from './group-commit.js';
export { DEFAULT_REDACT_RULES, redactPath } from './redact-path.js';
export type { RedactRule } from './redact-path.js';
export { DEFAULT_SELECTOR_REDACT_RULES, redactSelector, selectorRedaction } from './redact-selector.js';
export type { SelectorRedactRule } from './redact-selector.js';
export { BUCKET_RATIO, BUCKET_UNIT, bucketEdges, bucketOf, histogramQuantile } from './histogram.js';
export { jsonLines } from './log.js';
export type { Log, LogEntry } from './log.js';
export type {
  AggregateQuery,
  DeviceClass,
  FieldAggregates,
  FieldStore,
  InpPhases,
  StoreHealth,
  StoredSample,
  SummaryQuery,
  SummaryRow,
  TargetQuery,
  TargetRow,
} from './store.js';
export { OTHER_TARGET, TARGETS_PER_DAY, UNNAMED_TARGET } from './target-deltas.js';
export type { Beacon, BeaconMetric, FieldMetricName } from './wire.js';
