import { describe, expect, it } from 'vitest';
import type { PageResult } from '../../src/results.js';
import { newInPullRequest, notInBaseWords, pagesAndFlows } from '../../src/report/not-in-base-words.js';
import { withoutBaseCount, withoutBaseWords } from '../../src/report/without-base-words.js';

const page = { baseUrl: 'http://127.0.0.1:4174/new/', status: 404 };
const flow = { baseUrl: 'http://127.0.0.1:4174', status: null, error: { code: 'FLOW_FAILED', message: 'No element found for selector: #slow' } };
const step = (name: string) => ({ name: `filter › ${name}`, notInBase: flow, flow: { name: 'filter' } });

describe('what is new in the pull request', () => {
  it('counts pages and user flows, a flow once however many steps it has', () => {
    expect(newInPullRequest([{ name: 'home' }])).toBeNull();
    expect(newInPullRequest([{ name: 'new', notInBase: page }])).toBe('1 new page');
    expect(newInPullRequest([{ name: 'a', notInBase: page }, { name: 'b', notInBase: page }, step('open'), step('click'), step('list')])).toBe(
      '2 new pages and 1 new user flow',
    );
    expect(newInPullRequest([step('open'), step('click')])).toBe('1 new user flow');
  });

  it('says why: what the base answered for a page, the base’s error for a flow', () => {
    expect(notInBaseWords(page)).toBe("the base's build answered 404 at http://127.0.0.1:4174/new/");
    expect(notInBaseWords(flow, { url: (u) => `<${u}>`, text: (t) => t.toUpperCase() })).toBe(
      "the base's build could not run this flow (FLOW_FAILED: NO ELEMENT FOUND FOR SELECTOR: #SLOW)",
    );
  });
});

describe('what the base cannot be compared with', () => {
  const lacking = (...pages: string[]) => ({
    base: { measured: 'stored results' as const },
    withoutBase: pages.map((p) => ({ page: p, why: 'absent' as const })),
  });
  const steps = [
    { name: 'filter › open', flow: { name: 'filter' } },
    { name: 'filter › click', flow: { name: 'filter' } },
    { name: 'pricing' },
    { name: 'home' },
  ];

  it('counts pages and user flows, a flow once, and says where', () => {
    const pages = steps as never as PageResult[];
    expect(withoutBaseCount({ pages, comparison: lacking('filter › open', 'filter › click', 'pricing') as never })).toBe(
      '1 page and 1 user flow without a base there',
    );
    const offSite = { base: { measured: 'side by side' }, withoutBase: [{ page: 'pricing', why: 'off-site' }] };
    expect(withoutBaseCount({ pages, comparison: offSite as never })).toBe('1 page off the site');
    expect(withoutBaseCount({ pages, comparison: lacking() as never })).toBeNull();
    expect(pagesAndFlows([], 'new ')).toBeNull();
  });

  it('names a flow’s step a step', () => {
    expect(withoutBaseWords({ page: 'filter › open', why: 'absent' }, { flow: { name: 'filter' } as never })).toBe(
      "the base's stored results have no step of this name (added or renamed since they were made)",
    );
    expect(withoutBaseWords({ page: 'pricing', why: 'error' }, {})).toBe(
      "the base's stored results hold an error for this page (it could not be measured then)",
    );
  });
});
