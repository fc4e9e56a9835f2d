import { describe, expect, it } from 'vitest';
import { redactSelector, selectorRedaction } from '../../src/field/redact-selector.js';

describe('redactSelector: element selectors without personal data', () => {
  it.each([
    // Record ids in ids and classes: the rows of a list become one target.
    ['html>body>main>#order-482913>img', 'html>body>main>#order-:number>img'],
    ['#user_1234567', '#user_:number'],
    ['html>body>ul>li.item.item-99812>a', 'html>body>ul>li.item.item-:number>a'],
    ['#jane.doe@example.com>span', '#:email>span'],
    ['#row-123e4567-e89b-12d3-a456-426614174000>td', '#row-:uuid>td'],
    ['#session-9f86d081884c7d659a2feaa0c55ad015>button', '#session-:token>button'],
    ['#t-eyJhbGciOiJIUzI1NiJ9abc123>button', '#t-:token>button'],
    // What names a kind of element, not a person or a record, stays.
    ['html>body>main>img.hero', 'html>body>main>img.hero'],
    ['html>body>div.col-md-6.offset-lg-2>h1', 'html>body>div.col-md-6.offset-lg-2>h1'],
    ['html>body>div.product-card__title--highlighted2>p', 'html>body>div.product-card__title--highlighted2>p'],
    ['html>body>main>div.Button_primary__3xK9a>span', 'html>body>main>div.Button_primary__3xK9a>span'],
    ['html>body>div.css-1x2y3z4.w-1200>p', 'html>body>div.css-1x2y3z4.w-1200>p'],
    ['html>body>div.@lg:grid-cols-2>h2', 'html>body>div.@lg:grid-cols-2>h2'],
    ['#post-2024>h1', '#post-2024>h1'],
    ['[data-perf="order-482913"] img', '[data-perf="order-:number"] img'],
    ['img[data-perf="hero"]', 'img[data-perf="hero"]'],
    // Lighthouse's way of writing them (the lab's), alike.
    ['body > main > div#order-482913 > img', 'body > main > div#order-:number > img'],
  ])('%s is stored as %s', (sent, stored) => {
    expect(redactSelector(sent)).toBe(stored);
  });

  it('takes rules of your own: `piece` rules test each name whole, as a route segment is tested', () => {
    const customer = { name: 'customer', pattern: /^[A-Z]{2}\d{6}$/, placeholder: ':redacted', scope: 'piece' as const };
    const redact = selectorRedaction([customer]);
    expect(redact('#customer-AB123456>img.AB123456')).toBe('#customer-:redacted>img.:redacted');
    // Names the app gave by attribute (the attribution build's targetAttribute): the value's names too.
    expect(redact('[data-perf="AB123456"] img')).toBe('[data-perf=":redacted"] img');
    // A piece rule finds whole names only; a rule without the g flag still replaces every match.
    expect(redact('#customer-XAB123456>img')).toBe('#customer-XAB123456>img');
    expect(selectorRedaction([{ name: 'digit', pattern: /\d/, placeholder: 'N' }])('#a1>b2')).toBe('#aN>bN');
    expect(redactSelector('#order-482913>img', [])).toBe('#order-482913>img');
  });
});
