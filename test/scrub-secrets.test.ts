import { describe, expect, it } from 'vitest';
import { SECRET_MASK, scrubSecrets } from '../src/scrub-secrets.js';

describe('scrubSecrets', () => {
  it('masks every occurrence in strings and keys, deep, without changing the input', () => {
    const input = { a: 'Bearer abc123', list: ['x abc123 y', 2, null, true], nested: { abc123: { deep: 'abc123abc123' } } };
    const out = scrubSecrets(input, ['abc123']);
    expect(out).toEqual({
      a: `Bearer ${SECRET_MASK}`,
      list: [`x ${SECRET_MASK} y`, 2, null, true],
      nested: { [SECRET_MASK]: { deep: `${SECRET_MASK}${SECRET_MASK}` } },
    });
    expect(input.a).toBe('Bearer abc123');
  });

  it('masks a longer secret whole before a shorter one inside it, and ignores empty ones', () => {
    expect(scrubSecrets('token-abc and abc', ['abc', 'token-abc', ''])).toBe(`${SECRET_MASK} and ${SECRET_MASK}`);
    expect(scrubSecrets({ a: 'x' }, [])).toEqual({ a: 'x' });
  });
});
