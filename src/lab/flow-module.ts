import { pathToFileURL } from 'node:url';
import type { Page } from 'puppeteer-core';
import type { UserFlow } from 'lighthouse';
import { UserError } from '../errors.js';

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
export async function loadFlow(file: string): Promise<FlowFunction> {
  let loaded: { default?: unknown };
  try {
    loaded = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (error) {
    throw new UserError(`flow ${file}: cannot be loaded (${(error as Error).message}). Check the "module" path in pages.json and the module's syntax.`);
  }
  const flow = typeof loaded.default === 'function' ? loaded.default : (loaded.default as { default?: unknown } | undefined)?.default;
  if (typeof flow !== 'function') {
    throw new UserError(
      `flow ${file}: exports no function. Write export default async function (flow, { page, baseUrl, env }) { await flow.navigate(...); ... } (or module.exports = async function ...).`,
    );
  }
  return flow as FlowFunction;
}
