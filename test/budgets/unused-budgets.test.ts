import { describe, expect, it } from 'vitest';
import { parseBudgets } from '../../src/config/load-budgets.js';
import { budgetWhere, unusedBudgets } from '../../src/budgets/unused-budgets.js';

const pages = [
  { path: '/', url: null },
  { path: '/products/', url: null },
  { path: '/slow/', url: null },
  { path: null, url: 'https://docs.example.com/guide/' },
];
const flows = [{ name: 'filter products' }];
const timings = { 'largest-contentful-paint': 4000 };

const unused = (budgets: unknown[]) => {
  const loaded = parseBudgets({ budgets }, '/p/budgets.json');
  return unusedBudgets(loaded.budgets, pages, flows, budgetWhere(loaded));
};

describe('unusedBudgets', () => {
  it('names none when every budget judges a page or a flow', () => {
    expect(
      unused([
        { path: '/*', timings },
        { path: '/products/*', timings },
        { flow: 'filter products', timings },
      ]),
    ).toEqual([]);
    // A full URL is matched by its path, as the run matches it.
    expect(
      unused([
        { path: '/', timings },
        { path: '/guide/', timings },
      ]),
    ).toEqual([]);
  });

  it('names a pattern that matches no page, and a flow budget naming no flow', () => {
    expect(
      unused([
        { path: '/*', timings },
        { path: '/prodcuts/*', timings },
        { flow: 'filter produts', timings },
      ]),
    ).toEqual([
      'budgets[1] (path "/prodcuts/*") matches no page of pages.json, so it judges nothing',
      'budgets[2] (flow "filter produts") names no user flow of pages.json (its flows: "filter products"), so it judges nothing',
    ]);
  });

  it('names a budget whose pages all fall under a later one: the last matching budget applies', () => {
    expect(
      unused([
        { path: '/products/*', timings },
        { path: '/*', timings },
      ]),
    ).toEqual([
      'budgets[0] (path "/products/*") judges no page: budgets[1] (path "/*") comes after it and takes the page it matches (the last matching budget applies; put the broader budget first)',
    ]);
    expect(
      unused([
        { path: '/s', timings },
        { path: '/slow/', timings },
        { path: '/*', timings },
      ]),
    ).toEqual([
      'budgets[0] (path "/s") judges no page: budgets[2] (path "/*") comes after it and takes the page it matches (the last matching budget applies; put the broader budget first)',
      'budgets[1] (path "/slow/") judges no page: budgets[2] (path "/*") comes after it and takes the page it matches (the last matching budget applies; put the broader budget first)',
    ]);
  });

  it('leaves flow budgets alone where no flows are judged (reports given to perfgate assert)', () => {
    const loaded = parseBudgets(
      {
        budgets: [
          { path: '/*', timings },
          { flow: 'checkout', timings },
        ],
      },
      '/p/budgets.json',
    );
    expect(unusedBudgets(loaded.budgets, pages, null, budgetWhere(loaded), 'the reports')).toEqual([]);
  });

  it('names the entries of a LightWallet list by their index', () => {
    const loaded = parseBudgets(
      [
        { path: '/*', timings: [{ metric: 'interactive', budget: 5000 }] },
        { path: '/blog/*', resourceSizes: [{ resourceType: 'script', budget: 100 }] },
      ],
      '/p/budget.json',
    );
    expect(unusedBudgets(loaded.budgets, pages, [], budgetWhere(loaded))).toEqual(['[1] (path "/blog/*") matches no page of pages.json, so it judges nothing']);
  });
});
