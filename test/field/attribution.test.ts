import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pageFunctions } from 'lighthouse/core/lib/page-functions.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCollector } from '../../src/field/handler.js';
import { serveCollector, type RunningCollector } from '../../src/field/node-server.js';
import { openSqliteStore } from '../../src/field/sqlite-store.js';
import type { FieldStore, TargetRow } from '../../src/field/store.js';
import { launchChrome, type ChromeSession } from '../../src/lab/chrome.js';
import { findChrome } from '../../src/lab/find-chrome.js';
import { elementMatch, sameElement } from '../../src/same-element.js';
import { ROOT, tempDir, waitUntil } from '../helpers.js';
import { CHROME_UA } from './beacons.js';

// The attribution build in real Chromium, through a real collector: what it stores is what web-vitals
// names, and perfgate matches it with the selector Lighthouse writes for the same element.
const ATTRIBUTION_BUILD = readFileSync(path.join(ROOT, 'dist/rum/perfgate-rum.attribution.js'), 'utf8');

/**
 * A product page whose LCP element is its lead paragraph (two classes). (Not INP: web-vitals 6 in
 * headless Chromium names the interaction's target in some runs and not in others, with the same page.)
 */
const page = (
  collector: string,
  named: 'none' | 'own' | 'ancestor' | 'bad',
) => `<!doctype html><html><head><meta name="viewport" content="width=device-width"></head>
<body><div class="page"><main${named === 'ancestor' ? ' data-perf="product"' : ''}><h1>Trail shoes</h1>
<p class="lead intro"${named === 'own' || named === 'bad' ? ' data-perf="lead"' : ''} style="font-size:1.4rem">${'Light, grippy, shipped the next day. '.repeat(30)}</p>
<button id="buy" style="font-size:2rem">Buy</button><aside class="note" data-perf="note">Free returns</aside></main></div>
<script async src="/rum.js" data-endpoint="${collector}/rum"${named === 'none' ? '' : ` data-target-attribute="${named === 'bad' ? 'data perf' : 'data-perf'}"`}></script></body></html>`;

describe('the attribution build’s targets, end to end in real Chromium', () => {
  let chrome: ChromeSession;
  let store: FieldStore;
  let collector: RunningCollector;
  let site: http.Server;
  let siteUrl: string;

  beforeAll(async () => {
    store = openSqliteStore(path.join(tempDir(), 'field.db'));
    collector = await serveCollector(createCollector({ store, allowOrigins: ['*'], rateLimit: 0 }), { port: 0, host: '127.0.0.1' });
    site = http.createServer((req, res) => {
      if (req.url === '/rum.js') {
        res.writeHead(200, { 'content-type': 'text/javascript' });
        return res.end(ATTRIBUTION_BUILD);
      }
      res.writeHead(200, { 'content-type': 'text/html' });
      const named = new URL(req.url ?? '/', 'http://site').searchParams.get('named');
      res.end(page(collector.url, named === 'own' || named === 'ancestor' || named === 'bad' ? named : 'none'));
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    // The collector drops headless browsers: this one says it is a phone's Chrome (for the beacon sent as the page unloads, too).
    chrome = await launchChrome(findChrome(), [`--user-agent=${CHROME_UA}`]);
  }, 60_000);
  afterAll(async () => {
    await chrome?.close();
    await new Promise((resolve) => site?.close(resolve));
    await collector?.close();
    await store?.close();
  });

  /** Opens the product page in a fresh context, reads Lighthouse's selector and snippet of `selectors` there, leaves it (the batch goes) and waits for its LCP row. */
  const visit = async (query: string, selectors: string[]) => {
    const context = await chrome.browser.createBrowserContext();
    const tab = await context.newPage();
    const since = Date.now() - 1000;
    const before = (await store.targets({ since: since - 86_400_000 })).filter((r) => r.metric === 'LCP').reduce((n, r) => n + r.count, 0);
    await tab.goto(`${siteUrl}/products/${query}`, { waitUntil: 'load' });
    await tab.waitForFunction(() =>
      performance.getEntriesByType('resource').some((e) => e.name.endsWith('/rum.js') && (e as PerformanceResourceTiming).responseEnd > 0),
    );
    // Lighthouse's selectors and snippets of the elements, by Lighthouse's own page functions.
    const selectorOf = pageFunctions.getNodeSelector.toString();
    const snippetOf = pageFunctions.getOuterHTMLSnippet.toString();
    const elements = (await tab.evaluate(
      `${JSON.stringify(selectors)}.map((s) => ({ selector: (${selectorOf})(document.querySelector(s)), snippet: (${snippetOf})(document.querySelector(s)) }))`,
    )) as Array<{ selector: string; snippet: string }>;
    // Leaving the page sends the batch (pagehide).
    await tab.goto('about:blank');
    let rows: TargetRow[] = [];
    await waitUntil(async () => {
      rows = (await store.targets({ since: since - 86_400_000 })).filter((r) => r.metric === 'LCP');
      return rows.reduce((n, r) => n + r.count, 0) > before;
    }, 'the batch with the LCP element is stored');
    await context.close();
    return { rows, elements };
  };

  it('stores the LCP element web-vitals names, and perfgate matches it with Lighthouse’s selector of the same element', async () => {
    const { rows, elements } = await visit('', ['p.lead', 'aside.note']);
    const [lead, note] = elements.map((e) => e.selector);
    const lcp = rows.find((r) => r.target.startsWith('html>'))!;
    expect(lcp).toMatchObject({ page: '/products/', count: 1 });
    // web-vitals' selector: every level up to the document, all classes sorted; Lighthouse's: four levels, the first class.
    expect(lcp.target).toBe('html>body>div.page>main>p.intro.lead');
    expect(lead).toBe('body > div.page > main > p.lead');
    expect(sameElement(lead as string, lcp.target)).toBe(true);
    expect(sameElement(note as string, lcp.target)).toBe(false);
    expect(lcp.p75).toBeGreaterThan(0);
  }, 60_000);

  it('with data-target-attribute, names elements by their own attribute or their closest ancestor’s, and perfgate checks the own one in Lighthouse’s snippet', async () => {
    const own = await visit('?named=own', ['p.lead', 'aside.note']);
    expect(own.rows.map((r) => r.target)).toContain('p[data-perf="lead"]');
    const [lead, note] = own.elements as [{ selector: string; snippet: string }, { selector: string; snippet: string }];
    expect(lead.snippet).toContain('data-perf="lead"');
    expect(elementMatch(lead, 'p[data-perf="lead"]')).toBe('same');
    expect(elementMatch(note, 'p[data-perf="lead"]')).toBe('other');
    const inside = await visit('?named=ancestor', ['p.lead']);
    expect(inside.rows.map((r) => r.target)).toContain('[data-perf="product"] p');
    // Lighthouse's snippet holds the element's own attributes, not its ancestors': the lab cannot tell.
    expect(elementMatch(inside.elements[0] as { selector: string; snippet: string }, '[data-perf="product"] p')).toBe('unknown');
  }, 90_000);

  it('with a data-target-attribute that is no attribute name, falls back to web-vitals’ selector and loses no sample', async () => {
    // `[data perf]` is no valid selector: the name function must not throw into web-vitals.
    const selector = 'html>body>div.page>main>p.intro.lead';
    const countsOf = (rows: TargetRow[]) => Object.fromEntries(rows.map((r) => [r.target, r.count]));
    const before = countsOf((await store.targets({ since: Date.now() - 2 * 86_400_000 })).filter((r) => r.metric === 'LCP'));
    const after = countsOf((await visit('?named=bad', [])).rows);
    // The visit's one LCP sample is stored under web-vitals' own selector, and under no other name.
    expect((after[selector] ?? 0) - (before[selector] ?? 0)).toBe(1);
    expect(Object.values(after).reduce((a, b) => a + b, 0) - Object.values(before).reduce((a, b) => a + b, 0)).toBe(1);
  }, 60_000);
});
