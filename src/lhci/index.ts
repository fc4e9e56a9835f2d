export { buildLhciConfig, lhciConfig, uploadTarget } from './config.js';
export type { LhciAssertion, LhciConfig, LhciConfigOptions, LhciMatrixEntry } from './config.js';
