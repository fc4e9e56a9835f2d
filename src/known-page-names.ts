import { closest, UserError } from './errors.js';

/**
 * Every `--page` name is one of `known` (the names of pages and user flows in `file`), or a
 * UserError (exit 2) names each that is not, with the closest name and all of them.
 */
export function assertKnownPageNames(names: readonly string[], known: readonly string[], file: string): void {
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length === 0) return;
  throw new UserError(
    unknown
      .map((name) => {
        const near = closest(name, known);
        return `--page ${JSON.stringify(name)}: ${file} has no page or user flow of that name\n  fix: ${near ? `did you mean "${near}"? ` : ''}its names are ${known.map((k) => JSON.stringify(k)).join(', ')}`;
      })
      .join('\n'),
  );
}
