/**
 * Makes text from the outside (page names, URLs, error messages) inert in GitHub-flavoured
 * markdown: no HTML, no links, no emphasis, no table cell breaks. Line breaks become spaces, ASCII
 * punctuation that markdown could read is backslash-escaped, and then `&`, `<` and `>` become
 * entities (last, so that the entities' own `;` stays unescaped).
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[\\`*_{}[\]()#+\-.!|~:"'=$%^?@,;/]/g, '\\$&')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}
