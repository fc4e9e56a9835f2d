import { describe, expect, it } from 'vitest';
import { isClosedTargetError } from '../../src/lab/closed-target-errors.js';

describe('isClosedTargetError', () => {
  it.each([
    { name: 'target closed', reason: { protocolMethod: 'Runtime.evaluate', protocolError: 'Protocol error (Runtime.evaluate): Target closed' }, expected: true },
    { name: 'session closed', reason: { protocolMethod: 'Runtime.evaluate', protocolError: 'Protocol error (Runtime.evaluate): Session closed. Most likely the page has been closed.' }, expected: true },
    { name: 'another protocol error', reason: { protocolMethod: 'Page.navigate', protocolError: 'Cannot navigate to invalid URL' }, expected: false },
    { name: 'a plain error saying closed', reason: new Error('Target closed'), expected: false },
    { name: 'a bug', reason: new TypeError('x is undefined'), expected: false },
    { name: 'a string', reason: 'Target closed', expected: false },
    { name: 'nothing', reason: undefined, expected: false },
  ])('$name → $expected', ({ reason, expected }) => {
    expect(isClosedTargetError(reason)).toBe(expected);
  });
});
