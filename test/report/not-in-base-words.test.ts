import { describe, expect, it } from 'vitest';
import { newInPullRequest, notInBaseWords } from '../../src/report/not-in-base-words.js';

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
