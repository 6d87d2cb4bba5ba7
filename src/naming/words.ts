import { split } from 'change-case';
import { InvalidNameError } from './errors.ts';

/** Separators a user may type between words; anything else is refused rather than dropped. */
const ALLOWED_CHARACTERS = /[A-Za-z0-9 _-]/g;

/**
 * Splits a name typed in any case (`CoolWidget`, `cool_widget`, `cool-widget`, `Cool Widget`) into
 * lower-case words. Characters that change-case would silently drop (`.`, `/`, `$`, accents) are
 * refused instead, so `../Widget` never becomes `Widget` behind the user's back.
 */
export function wordsOf(input: string, role: 'name' | 'plural' = 'name'): string[] {
  const trimmed = input.trim();
  if (trimmed === '') throw new InvalidNameError(input, 'it is empty', role);
  const unexpected = [...new Set(trimmed.replace(ALLOWED_CHARACTERS, ''))];
  if (unexpected.length > 0) {
    const listed = unexpected.map((character) => JSON.stringify(character)).join(', ');
    throw new InvalidNameError(
      input,
      `it contains ${listed}; only ASCII letters, digits, spaces, "_" and "-" are allowed`,
      role,
    );
  }
  const words = split(trimmed).map((word) => word.toLowerCase());
  const first = words[0];
  if (first === undefined) throw new InvalidNameError(input, 'it has no letters', role);
  if (!/^[a-z]/.test(first)) {
    throw new InvalidNameError(input, 'it must start with a letter to be a valid identifier', role);
  }
  return words;
}
