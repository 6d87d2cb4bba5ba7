import pluralize from 'pluralize';

/**
 * pluralize's answer for the last word, and how much to trust it: `regular` adds a plain "s";
 * `irregular` does something else (person → people, status → statuses); `uncertain` means the
 * word already reads as a plural (data, news, sheep), so the singular may be wrong too.
 */
export type PluralGuess =
  | { readonly kind: 'regular'; readonly words: readonly string[] }
  | {
      readonly kind: 'irregular' | 'uncertain';
      readonly words: readonly string[];
      readonly reason: string;
    };

export function guessPlural(words: readonly string[]): PluralGuess {
  const last = words.at(-1);
  if (last === undefined) throw new TypeError('guessPlural needs at least one word');
  const plural = pluralize.plural(last);
  const pluralWords = [...words.slice(0, -1), plural];
  if (pluralize.isPlural(last)) {
    return {
      kind: 'uncertain',
      words: pluralWords,
      reason: `"${last}" already looks plural, so pluralize gives "${plural}"`,
    };
  }
  if (plural !== `${last}s`) {
    return {
      kind: 'irregular',
      words: pluralWords,
      reason: `pluralize gives "${plural}" rather than adding "s"`,
    };
  }
  return { kind: 'regular', words: pluralWords };
}
