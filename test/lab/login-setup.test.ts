import { describe, expect, it } from 'vitest';
import { MIN_SETUP_SECRET_LENGTH, stateSecrets } from '../../src/lab/login-setup.js';
import { scrubSecrets } from '../../src/scrub-secrets.js';

describe('stateSecrets', () => {
  const state = {
    cookies: [
      { name: 'session', value: 'sess-7f3a9c2e41d8b6', domain: '127.0.0.1' },
      { name: 'consent', value: '1', domain: '127.0.0.1' },
    ],
    storage: [{ origin: 'http://127.0.0.1', local: [['token', 'local-9d1f22'] as [string, string], ['lang', 'en-GB'] as [string, string]], session: [] }],
  };

  it('takes the values a login leaves that are long enough to be credentials, not its flags and settings', () => {
    expect(stateSecrets(state)).toEqual(['sess-7f3a9c2e41d8b6', 'local-9d1f22']);
    expect(MIN_SETUP_SECRET_LENGTH).toBeGreaterThan('en-GB'.length);
  });

  it('so a report keeps its numbers while the session is masked', () => {
    const report = { audits: { 'first-contentful-paint': { numericValue: 1, displayValue: '1.1 s' } }, note: 'cookie sess-7f3a9c2e41d8b6' };
    expect(scrubSecrets(report, stateSecrets(state))).toEqual({
      audits: { 'first-contentful-paint': { numericValue: 1, displayValue: '1.1 s' } },
      note: 'cookie [secret]',
    });
  });
});
