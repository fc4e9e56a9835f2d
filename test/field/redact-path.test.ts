import { describe, expect, it } from 'vitest';
import { redactPath } from '../../src/field/redact-path.js';

describe('redactPath: route names without personal data', () => {
  it.each([
    ['/u/jane.doe@example.com', '/u/:email'],
    ['/u/jane.doe%40example.com/settings', '/u/:email/settings'],
    ['/orders/482913', '/orders/:number'],
    ['/orders/2024', '/orders/2024'],
    ['/reset/9f86d081884c7d659a2feaa0c55ad015', '/reset/:token'],
    ['/reset/eyJhbGciOiJIUzI1NiJ9abc123', '/reset/:token'],
    ['/share/a1B2c3D4e5F6g7H8i9J0kL', '/share/:token'],
    ['/item/123e4567-e89b-12d3-a456-426614174000/edit', '/item/:uuid/edit'],
    ['/search?q=jane@example.com&page=2', '/search'],
    ['/docs#section-2', '/docs'],
    ['/products/running-shoes-for-trail-and-road', '/products/running-shoes-for-trail-and-road'],
    ['/blog/2026/12/01/perfgate-release', '/blog/2026/12/01/perfgate-release'],
    ['home', 'home'],
    ['/', '/'],
  ])('%s is stored as %s', (page, stored) => {
    expect(redactPath(page)).toBe(stored);
  });

  it('takes rules of your own, or none (query and fragment are still cut off)', () => {
    expect(redactPath('/c/AB123456', [{ name: 'customer', pattern: /^[A-Z]{2}\d{6}$/, placeholder: ':customer' }])).toBe('/c/:customer');
    expect(redactPath('/orders/482913?x=1', [])).toBe('/orders/482913');
  });
});
