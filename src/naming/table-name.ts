import { InvalidTableNameError } from './errors.ts';
import { MAX_IDENTIFIER_BYTES } from './sql-identifier.ts';

/** An unquoted PostgreSQL identifier as migrations, file names and `sql.ref` use it alike. */
const TABLE_NAME = /^[a-z][a-z0-9_]*$/;

/**
 * Checks a table given with `--table` and returns it. It is used as is, never shortened: it
 * names an existing table (or one the user chose), so it must already be a plain identifier
 * within PostgreSQL's 63 bytes; the indexes derived from it are shortened by `sqlIdentifier`.
 * Throws InvalidTableNameError saying what is wrong.
 */
export function checkTableName(input: string): string {
  if (input === '') throw new InvalidTableNameError(input, 'it is empty');
  if (!TABLE_NAME.test(input)) {
    throw new InvalidTableNameError(
      input,
      /[A-Z]/.test(input) && TABLE_NAME.test(input.toLowerCase())
        ? `it has upper-case letters, which PostgreSQL folds unless quoted (did you mean ${input.toLowerCase()}?)`
        : 'only lower-case ASCII letters, digits and "_" are allowed, starting with a letter',
    );
  }
  // ASCII only (checked above), so a character is a byte.
  if (input.length > MAX_IDENTIFIER_BYTES) {
    throw new InvalidTableNameError(
      input,
      `it is ${input.length} bytes long; PostgreSQL cuts identifiers at ${MAX_IDENTIFIER_BYTES}`,
    );
  }
  return input;
}
