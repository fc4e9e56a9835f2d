import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { codeSpan, escapeMarkdown } from '../../src/report/escape.js';

// GitHub renders comments with HTML allowed (sanitized) and links found in text; render the same way.
const markdown = new MarkdownIt({ html: true, linkify: true });
const asText = (text: string) => markdown.utils.escapeHtml(text).replace(/&quot;/g, '"');

/** Text from outside that markdown would read as something: each must come out as the same text. */
const HOSTILE = [
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '[click](javascript:alert(1))',
  '![x](https://example.com/x.png)',
  '| ](javascript:x)',
  'https://example.com/path',
  'www.example.com',
  'see example.com now',
  'mail me@example.com',
  '**bold** and *em* and _em_ and ~~gone~~',
  '`code`',
  '$x^2$',
  '# heading',
  '- item',
  '+ item',
  '* item',
  '1. item',
  '3) item',
  '---',
  '===',
  '> quote',
  '    four spaces',
  'a\\b and \\*',
  '&amp; &lt;',
  'line one\nline two',
];

describe('escapeMarkdown', () => {
  it.each(HOSTILE)('%j renders as its own text in a paragraph, a heading, a quote and a table cell', (text) => {
    const flat = text.replace(/\n/g, ' ').replace(/^ +/, '');
    const escaped = escapeMarkdown(text);
    expect(markdown.render(escaped)).toBe(`<p>${asText(flat)}</p>\n`);
    expect(markdown.render(`### ${escaped}`)).toBe(`<h3>${asText(flat)}</h3>\n`);
    expect(markdown.render(`> ${escaped}`)).toBe(`<blockquote>\n<p>${asText(flat)}</p>\n</blockquote>\n`);
    expect(markdown.render(`| a | b |\n| --- | --- |\n| ${escaped} | z |`)).toContain(`<td>${asText(flat)}</td>\n<td>z</td>`);
  });

  // What GitHub and GitLab read beyond CommonMark, which markdown-it does not: each is escaped.
  it.each([
    ['@team', '\\@team'],
    ['#12', '\\#12'],
    ['!12', '\\!12'],
    ['%"release 2"', '\\%"release 2"'],
    ['~bug', '\\~bug'],
    [':tada:', '\\:tada:'],
    ['{+added+} [-removed-]', '\\{+added+\\} \\[-removed-\\]'],
    ['/close', '\\/close'],
  ])('%j (a mention, reference, label, emoji, highlight or quick action) becomes %j', (text, escaped) => {
    expect(escapeMarkdown(text)).toBe(escaped);
  });

  it.each([
    'NO_FCP: The page did not paint (status 500).',
    '5-7 runs per side, alternating (sampled until clear), Holm over 8 comparisons (α = 0.05)',
    'Lighthouse 12.6.1 · benchmarkIndex 1002',
    'filter products › filter by tag',
    // A page named after its path: only a slash before a letter starts a GitLab quick action.
    '/',
    '/ (home)',
  ])('leaves plain text as it is: %j', (text) => {
    expect(escapeMarkdown(text)).toBe(text);
  });
});

describe('codeSpan', () => {
  it.each([
    ['https://shop.example.com/a_b/', '`https://shop.example.com/a_b/`', '<code>https://shop.example.com/a_b/</code>'],
    ['<script>@team #1', '`<script>@team #1`', '<code>&lt;script&gt;@team #1</code>'],
    ['a`b', '``a`b``', '<code>a`b</code>'],
    ['`edge', '`` `edge ``', '<code>`edge</code>'],
    ['two\nlines', '`two lines`', '<code>two lines</code>'],
  ])('shows %j as it is, never as a link', (text, span, html) => {
    expect(codeSpan(text)).toBe(span);
    expect(markdown.render(codeSpan(text))).toBe(`<p>${html}</p>\n`);
  });
});
