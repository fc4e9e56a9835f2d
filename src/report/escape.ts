/**
 * Backslash escapes for what GitHub- and GitLab-flavoured markdown read anywhere in a line:
 * code, emphasis, strikethrough, links and images, table cells, math, mentions (`@team`),
 * references (`#12`, `!12`, `%milestone`), labels (`~bug`) and GitLab's `{+ +}` highlights.
 */
const ANYWHERE = /[\\`*[\]|~$#@!%{}]/g;
/** Emphasis with `_` opens or closes only beside a non-word character; `NO_FCP` stays as it is. */
const UNDERSCORE_AT_EDGE = /(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu;
/** A colon followed by text starts a link scheme (`https:`) or an emoji (`:tada:`); "code: message" is plain. */
const COLON_BEFORE_TEXT = /:(?=\S)/g;
/** A dot before a letter joins a domain name (`www.example.com`), which renderers turn into links. */
const DOT_BEFORE_LETTER = /\.(?=\p{L})/gu;
/** At the start of a line: a list item (`-`, `+`, `1.`, `1)`), a setext underline (`=`) or a GitLab quick action (`/close`: a slash before a letter). */
const BLOCK_START = /^(\d{1,9}(?=[.)])|)([-+=.)]|\/(?=\p{L}))/u;

/**
 * Makes text from the outside (page names, error messages, commits) inert in GitHub- and
 * GitLab-flavoured markdown, wherever it lands (a table cell, a heading, the start of a line): no
 * HTML, no links, no mentions, no emphasis, no lists, no table cell breaks. Line breaks become
 * spaces, and leading spaces go (four would start a code block). Only the characters that markdown
 * could read where they stand are escaped, so the raw review stays readable (`5-7 runs, NO_FCP: the
 * page did not paint` needs no escape at all); `&`, `<` and `>` become entities, last, so that the
 * entities' own `;` stays unescaped.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/^ +/, '')
    .replace(ANYWHERE, '\\$&')
    .replace(UNDERSCORE_AT_EDGE, '\\_')
    .replace(COLON_BEFORE_TEXT, '\\:')
    .replace(DOT_BEFORE_LETTER, '\\.')
    .replace(BLOCK_START, (_, digits: string, mark: string) => `${digits}\\${mark}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/**
 * Text from the outside as inline code (a URL, a file path): shown as it is, in monospace, never a
 * link or a mention. The fence is one backtick longer than the longest run of backticks inside.
 * Not for table cells, whose pipes end the cell even inside code.
 */
export function codeSpan(text: string): string {
  const flat = text.replace(/[\r\n\t]+/g, ' ');
  const fence = '`'.repeat(Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length)) + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || flat.startsWith(' ') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}
