import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Result } from 'lighthouse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChrome, type ChromeSession } from '../../src/lab/chrome.js';
import { findChrome } from '../../src/lab/find-chrome.js';
import { openBlankPage } from '../../src/lab/blank-page.js';
import { forOneRun, type Lighthouse, loadLighthouse } from '../../src/lab/lighthouse.js';
import { lighthouseConfig } from '../../src/lab/lighthouse-config.js';
import { median } from '../../src/stats.js';
import { serveExampleFile } from '../helpers.js';

const settings = {
  onlyCategories: ['performance' as const, 'accessibility' as const],
  maxWaitForFcp: 30_000,
  maxWaitForLoad: 30_000,
  blockedUrlPatterns: ['*/rum'],
  disableFullPageScreenshot: true as const,
  skipAudits: ['bf-cache'] as ['bf-cache'],
};

const requests = (lhr: Result) => ((lhr.audits['network-requests']?.details as { items?: unknown[] } | undefined)?.items ?? []).length;
const shape = (lhr: Result) => ({
  audits: Object.fromEntries(Object.entries(lhr.audits).map(([id, audit]) => [id, audit.title])),
  categories: Object.fromEntries(Object.entries(lhr.categories).map(([id, category]) => [id, { title: category.title, auditRefs: category.auditRefs }])),
  settings: lhr.configSettings,
  warnings: lhr.runWarnings,
});

describe('runLighthouse: a config resolved once, many runs', () => {
  let chrome: ChromeSession;
  // With a favicon: Chrome remembers a missing one browser-wide, so only a browser's first run would request it.
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    if (pathname === '/favicon.ico') return void res.writeHead(200, { 'content-type': 'image/x-icon' }).end(Buffer.alloc(318));
    serveExampleFile(pathname, res);
  });
  let url: string;
  let lh: Lighthouse;
  let reference: Result;
  let references: Result[];
  let prepared: Result[];

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/products/`;
    chrome = await launchChrome(findChrome());
    const config = lighthouseConfig('mobile', settings);
    lh = await loadLighthouse();
    // Lighthouse's own entry point (of the same installed Lighthouse), which resolves the config itself.
    const { default: lighthouse } = (await import(pathToFileURL(path.join(lh.dir, 'core/index.js')).href)) as typeof import('lighthouse');
    const theirs = async () => {
      const context = await chrome.browser.createBrowserContext();
      const result = await lighthouse(url, { logLevel: 'error', output: 'json' }, config, await context.newPage());
      await context.close();
      return result!.lhr;
    };
    const once = await lh.prepareConfig(config);
    const blankPage = async () => openBlankPage(await chrome.browser.createBrowserContext());
    const ours = async () => lh.runLighthouse(await blankPage(), url, once);
    // Three runs each, alternating (theirs, ours, ours, theirs, theirs, ours), so that a drift of the machine falls on both alike.
    references = [await theirs()];
    prepared = [await ours(), await ours()];
    references.push(await theirs(), await theirs());
    prepared.push(await ours());
    reference = references[0] as Result;
  }, 240_000);

  afterAll(async () => {
    await chrome?.close();
    server.close();
  });

  it('gives every run the audits, categories, titles and settings of lighthouse() itself', () => {
    for (const lhr of prepared) {
      expect(lhr.runtimeError).toBeUndefined();
      expect(shape(lhr)).toEqual(shape(reference));
      expect(lhr.lighthouseVersion).toBe(reference.lighthouseVersion);
      expect(lhr.lighthouseVersion).toBe(lh.version);
      // How an audit is displayed, except where the page made it not applicable in one of the runs (a
      // long task happens in some runs and not in others): that is what the run measured, not the config.
      for (const [id, audit] of Object.entries(lhr.audits)) {
        const theirs = reference.audits[id]?.scoreDisplayMode;
        if (audit.scoreDisplayMode !== 'notApplicable' && theirs !== 'notApplicable') expect(audit.scoreDisplayMode, id).toBe(theirs);
      }
    }
  });

  it('measures the benchmark index in every run, as lighthouse() does', () => {
    for (const lhr of prepared) expect(lhr.environment.benchmarkIndex).toBeGreaterThan(0);
  });

  it('sees the same requests in every run (no state of an earlier run shows up in a later one)', () => {
    expect(requests(reference)).toBeGreaterThan(0);
    expect(references.map(requests)).toEqual([requests(reference), requests(reference), requests(reference)]);
    expect(prepared.map(requests)).toEqual([requests(reference), requests(reference), requests(reference)]);
  });

  it('measures the same page alike (median first paint of three runs within run-to-run noise)', () => {
    const fcp = (lhrs: Result[]) => median(lhrs.map((lhr) => lhr.audits['first-contentful-paint']?.numericValue as number));
    expect(fcp(prepared)).toBeGreaterThan(0);
    expect(Math.abs(fcp(prepared) - fcp(references))).toBeLessThanOrEqual(Math.max(150, 0.1 * fcp(references)));
  });
});

describe('forOneRun', () => {
  it('gives each run new gatherer instances and its own settings, categories and audit options, as resolving again would', async () => {
    const { resolved } = await (await loadLighthouse()).prepareConfig(lighthouseConfig('desktop', settings));
    const run = forOneRun(resolved);
    const artifacts = resolved.artifacts ?? [];
    expect(artifacts.length).toBeGreaterThan(10);
    (run.artifacts ?? []).forEach((artifact, i) => {
      const original = artifacts[i]!.gatherer.instance;
      expect(artifact.gatherer.instance).not.toBe(original);
      expect(artifact.gatherer.instance.constructor).toBe(original.constructor);
    });
    expect(run.settings).toEqual(resolved.settings);
    expect(run.settings).not.toBe(resolved.settings);
    expect(run.categories).toEqual(resolved.categories);
    expect(run.categories).not.toBe(resolved.categories);
    expect(run.audits?.map((a) => a.options)).toEqual(resolved.audits?.map((a) => a.options));
  });
});
