/**
 * A command line split into its words as a POSIX shell splits it (no expansion): blanks separate
 * words, single quotes keep everything, double quotes keep all but `\"` and `\\`, a backslash
 * outside quotes keeps the next character (unless `escapes` is false, as for Windows paths). Null
 * when a quote is left open. Pure.
 */
export function shellWords(line: string, escapes = true): string[] | null {
  const words: string[] = [];
  // The word being read, and whether one is (a quote starts one, even an empty one).
  let word = '';
  let inWord = false;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    const escaped = escapes && c === '\\' && i + 1 < line.length;
    if (quote === "'") {
      if (c === "'") quote = null;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = null;
      else if (escaped && (line[i + 1] === '"' || line[i + 1] === '\\')) word += line[++i];
      else word += c;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      inWord = true;
      if (c === "'" || c === '"') quote = c;
      else word += escaped ? line[++i] : c;
    }
  }
  if (quote) return null;
  if (inWord) words.push(word);
  return words;
}
