import { describe, expect, it } from 'vitest';
import { sameElement } from '../src/same-element.js';

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
