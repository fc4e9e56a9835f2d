import { describe, expect, it } from 'vitest';
import { elementMatch, sameElement } from '../src/same-element.js';

describe('sameElement', () => {
  it.each([
    ['body > main > img.hero', 'html>body>main>img.banner.hero', true],
    ['div.page > main > section.intro > p', 'html>body>div.page>main>section.intro>p', true],
    ['main > section#top > h1', '#top>h1', true],
    ['body > div#app > img', '#app>img', true],
    ['main > img.hero', 'html>body>main>img', false],
    ['main > img', 'html>body>main>img.hero', false],
    ['main > img.hero', 'html>body>aside>img.hero', false],
    ['main > p.lead', 'html>body>main>img.hero', false],
    ['section#top > h1', '#other>h1', false],
    ['main > h1#title', 'html>body>main>h1.title', false],
    ['', 'main>img', false],
    // The collector stores the field's selector redacted; the lab's is matched as it would be stored.
    ['main > div#order-482913 > img', '#order-:number>img', true],
    ['main > div#order-482913 > img', '#order-:number>p', false],
    ['main > div#order-2024 > img', '#order-:number>img', false],
  ])('%s and %s: %s', (lab, field, same) => {
    expect(sameElement(lab, field)).toBe(same);
  });
});

describe('elementMatch: the lab’s LCP element against a field target', () => {
  const lab = { selector: 'body > main > img.hero', snippet: '<img class="hero" data-perf="hero &quot;big&quot;" src="/hero.jpg">' };
  it.each([
    // web-vitals' own selectors, as sameElement reads them.
    ['html>body>main>img.banner.hero', 'same'],
    ['html>body>main>p.lead', 'other'],
    // Names by attribute (the attribution build's targetAttribute): the element's own, checked in Lighthouse's snippet.
    ['img[data-perf="hero \\"big\\""]', 'same'],
    ['img[data-perf="thumbnail"]', 'other'],
    ['img[data-other="hero"]', 'other'],
    ['p[data-perf="hero \\"big\\""]', 'other'],
    // An ancestor's attribute: the lab cannot see the ancestor, only that another tag is another element.
    ['[data-perf="product-card"] img', 'unknown'],
    ['[data-perf="product-card"] p', 'other'],
    // Names of the app's own generateTarget, and the day's targets past the first ten.
    ['hero image', 'unknown'],
    ['Product page > hero', 'unknown'],
    ['Hero>Image', 'unknown'],
    ['hero > image', 'unknown'],
    // web-vitals' selectors rooted at an id, or cut to their last levels.
    ['#gallery-:number>img.banner.hero', 'other'],
    ['#hero-image', 'other'],
    ['main>img.banner.hero', 'same'],
    ['section.gallery>img.hero', 'other'],
    ['(other)', 'unknown'],
  ] as const)('%s: %s', (target, match) => {
    expect(elementMatch(lab, target)).toBe(match);
  });

  it('without a snippet, a name by attribute of an element of the same tag cannot be checked', () => {
    expect(elementMatch({ selector: 'main > img.hero' }, 'img[data-perf="hero"]')).toBe('unknown');
    expect(elementMatch({ selector: 'main > p.lead' }, 'img[data-perf="hero"]')).toBe('other');
  });

  it('reads attribute values Lighthouse cut short, and values the collector redacted', () => {
    const long = `card-${'x'.repeat(90)}`;
    expect(elementMatch({ selector: 'main > img', snippet: `<img data-perf="${long.slice(0, 74)}…">` }, `img[data-perf="${long}"]`)).toBe('same');
    expect(elementMatch({ selector: 'main > img', snippet: '<img data-perf="card-482913">' }, 'img[data-perf="card-:number"]')).toBe('same');
    // Attributes past Lighthouse's 500 characters are left out of the snippet: not there is not another element.
    expect(elementMatch({ selector: 'main > img', snippet: '<img class="a" …>' }, 'img[data-perf="card"]')).toBe('unknown');
  });
});
