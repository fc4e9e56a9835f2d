import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePages } from '../../src/config/load-pages.js';
import { selectPages } from '../../src/config/select-pages.js';
import { UserError } from '../../src/errors.js';
import { tempDir, userErrorOf } from '../helpers.js';

describe('selectPages (--page)', () => {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'flow.mjs'), 'export default async function () {}\n');
  const file = path.join(dir, 'pages.json');
  const config = parsePages(
    {
      baseUrl: 'http://127.0.0.1:8080',
      pages: [
        { name: 'home', path: '/' },
        { name: 'products', path: '/products/' },
        { name: 'account', path: '/account/' },
      ],
      flows: [
        { name: 'checkout', module: './flow.mjs' },
        { name: 'search', module: './flow.mjs' },
      ],
    },
    file,
  );

  it('keeps every page and flow without names', () => {
    expect(selectPages(config, undefined)).toBe(config);
    expect(selectPages(config, [])).toBe(config);
  });

  it("keeps the pages and flows named, in pages.json's order, with their settings", () => {
    const chosen = selectPages(config, ['search', 'account', 'home']);
    expect(chosen.pages.map((p) => p.name)).toEqual(['home', 'account']);
    expect(chosen.flows.map((f) => f.name)).toEqual(['search']);
    expect(chosen.pages[1]).toEqual(config.pages[2]);
    expect(chosen.site).toEqual(config.site);
  });

  it('a name that is neither is exit 2, each one named with the closest name and every name of the file', () => {
    const error = userErrorOf(() => selectPages(config, ['home', 'chekout', 'about']), UserError) as UserError;
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(
      [
        `--page "chekout": ${file} has no page or user flow of that name`,
        '  fix: did you mean "checkout"? its names are "home", "products", "account", "checkout", "search"',
        `--page "about": ${file} has no page or user flow of that name`,
        '  fix: its names are "home", "products", "account", "checkout", "search"',
      ].join('\n'),
    );
  });
});
