import { describe, expect, it } from 'vitest';
import { userAgentProblems } from '../../src/config/user-agent-problems.js';

describe('userAgentProblems', () => {
  it.each([
    ['a user agent', 'Mozilla/5.0 (X11; Linux x86_64) AcmeLab/1.0', []],
    ["false, for Chrome's own", false, []],
    ['true', true, ['is true, which names no user agent']],
    ['a line feed', 'Acme\nX-Injected: 1', ['holds a line break, which no request header may']],
    ['a carriage return', 'Acme\rLab', ['holds a line break, which no request header may']],
  ])('%s', (_, value, whats) => {
    const problems = userAgentProblems(value);
    expect(problems.map((p) => p.what)).toEqual(whats);
    for (const p of problems) expect(p).toMatchObject({ where: 'emulatedUserAgent', fix: "write the user agent on one line, or false to keep Chrome's own" });
  });
});
