export { buildLhciConfig, lhciConfig, uploadTarget } from './config.js';
export type { LhciAssertion, LhciConfig, LhciConfigOptions, LhciMatrixEntry } from './config.js';
export { type PuppeteerScript, setupFromPuppeteerScript } from './setup-from-puppeteer-script.js';
