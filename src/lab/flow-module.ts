import type { Page } from 'puppeteer-core';
import type { UserFlow } from 'lighthouse';
import { importFunction } from './import-function.js';

/** What a flow module's default export receives after the flow: the page it drives and the site. */
export interface FlowContext {
  page: Page;
  /** The site's URL when pages.json names one, else null. */
  baseUrl: string | null;
  /** The process environment. */
  env: Record<string, string | undefined>;
}

/** A flow module's default export. */
export type FlowFunction = (flow: UserFlow, context: FlowContext) => Promise<void>;

/** Loads a flow module and returns its function; a UserError (exit 2, naming the file) when it cannot be loaded or exports none. */
export const loadFlow = (file: string): Promise<FlowFunction> =>
  importFunction<FlowFunction>(file, 'flow', 'module', 'export default async function (flow, { page, baseUrl, env }) { await flow.navigate(...); ... }');
