import { describe, expect, it } from 'vitest';
import { lhciPageLinks } from '../../src/report/lhci-page-links.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { CASES } from './cases.js';

describe('lhciPageLinks: each page’s link from lhci upload’s links.json', () => {
  const pages = [
    { name: 'home', url: 'http://127.0.0.1:4173/' },
    { name: 'old shop', url: 'http://127.0.0.1:4173/shop' },
    { name: 'checkout', url: 'http://127.0.0.1:4173/checkout/' },
    { name: 'sale: filter', url: 'http://127.0.0.1:4173/sale/', flow: { step: 1 } },
  ];
  const runs = [
    { url: 'http://127.0.0.1:4173/', finalUrl: 'http://127.0.0.1:4173/' },
    // A redirect: lhci keys the link by where the run ended.
    { url: 'http://127.0.0.1:4173/shop', finalUrl: 'http://127.0.0.1:4173/shop/' },
  ];

  it('finds a page by the URL its runs ended at, or by its own; flows and pages without a link have none', () => {
    const links = {
      'http://127.0.0.1:4173/': 'https://lhci.example.com/app/projects/shop/compare/b1?compareUrl=home',
      'http://127.0.0.1:4173/shop/': 'https://lhci.example.com/app/projects/shop/compare/b1?compareUrl=shop',
      'http://127.0.0.1:4173/sale/': 'https://lhci.example.com/app/projects/shop/compare/b1?compareUrl=sale',
    };
    expect(lhciPageLinks(links, runs, pages)).toEqual([
      { page: 'home', url: 'http://127.0.0.1:4173/', link: links['http://127.0.0.1:4173/'] },
      { page: 'old shop', url: 'http://127.0.0.1:4173/shop', link: links['http://127.0.0.1:4173/shop/'] },
    ]);
  });

  it('takes only web addresses as links', () => {
    expect(lhciPageLinks({ 'http://127.0.0.1:4173/': 'javascript:alert(1)' }, runs, pages)).toEqual([]);
    expect(lhciPageLinks({ 'http://127.0.0.1:4173/': 42 }, runs, pages)).toEqual([]);
  });
});

describe('the review’s Lighthouse CI line', () => {
  it('links each page under the summary table, names escaped', () => {
    const md = renderMarkdown(CASES.regression!(), {
      lhciLinks: [
        { page: 'home', link: 'https://storage.googleapis.com/lighthouse-infrastructure.appspot.com/reports/1.report.html' },
        { page: 'check*out', link: 'https://lhci.example.com/compare/b1?compareUrl=a (b)' },
      ],
    });
    const line =
      'On Lighthouse CI: [home](https://storage.googleapis.com/lighthouse-infrastructure.appspot.com/reports/1.report.html) · [check\\*out](https://lhci.example.com/compare/b1?compareUrl=a%20%28b%29)';
    expect(md).toContain(`| checkout | ✔ pass |`);
    const lines = md.split('\n');
    const at = lines.indexOf(line);
    expect(at).toBeGreaterThan(0);
    // Right under the summary table, after its blank line.
    expect(lines[at - 2]?.startsWith('| checkout |')).toBe(true);
    expect(renderMarkdown(CASES.regression!())).not.toContain('On Lighthouse CI');
  });
});
