import { ProtocolError } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { launchChrome } from '../../src/lab/chrome.js';
import { findChrome } from '../../src/lab/find-chrome.js';
import { isClosedTargetError } from '../../src/lab/closed-target-errors.js';

describe('isClosedTargetError', () => {
  it.each([
    {
      name: 'target closed',
      reason: { protocolMethod: 'Runtime.evaluate', protocolError: 'Protocol error (Runtime.evaluate): Target closed' },
      expected: true,
    },
    {
      name: 'session closed',
      reason: { protocolMethod: 'Runtime.evaluate', protocolError: 'Protocol error (Runtime.evaluate): Session closed. Most likely the page has been closed.' },
      expected: true,
    },
    {
      name: "another of puppeteer's protocol errors",
      reason: new ProtocolError('Protocol error (Page.navigate): Cannot navigate to invalid URL'),
      expected: false,
    },
    { name: 'another protocol error', reason: { protocolMethod: 'Page.navigate', protocolError: 'Cannot navigate to invalid URL' }, expected: false },
    { name: 'a plain error saying closed', reason: new Error('Target closed'), expected: false },
    { name: 'a bug', reason: new TypeError('x is undefined'), expected: false },
    { name: 'a string', reason: 'Target closed', expected: false },
    { name: 'nothing', reason: undefined, expected: false },
  ])('$name → $expected', ({ reason, expected }) => {
    expect(isClosedTargetError(reason)).toBe(expected);
  });
});

describe('isClosedTargetError on what puppeteer really rejects with once Chrome is gone', () => {
  it('recognises a call on a closed page, a call pending when Chrome closes, and a call after', async () => {
    const chrome = await launchChrome(findChrome());
    try {
      const page = await chrome.browser.newPage();
      const closedPage = await page.createCDPSession();
      await page.close();
      const afterPageClosed = await closedPage.send('Runtime.evaluate', { expression: '1' }).catch((error: unknown) => error);

      const other = await (await chrome.browser.newPage()).createCDPSession();
      // Never answered: Chrome stops before the page's script ends.
      const pending = other.send('Runtime.evaluate', { expression: 'new Promise(() => {})', awaitPromise: true }).catch((error: unknown) => error);
      await chrome.close();
      const pendingWhenClosed = await pending;
      const afterChromeClosed = await other.send('Runtime.evaluate', { expression: '1' }).catch((error: unknown) => error);

      for (const error of [afterPageClosed, pendingWhenClosed, afterChromeClosed]) {
        expect(error, String(error)).toBeInstanceOf(ProtocolError);
        expect(isClosedTargetError(error), String(error)).toBe(true);
      }
    } finally {
      await chrome.close(); // a second close finds nothing left to do
    }
  });
});
