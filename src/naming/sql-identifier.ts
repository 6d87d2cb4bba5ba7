import { createHash } from 'node:crypto';

/** PostgreSQL's NAMEDATALEN - 1: longer identifiers are cut there, silently and alike. */
export const MAX_IDENTIFIER_BYTES = 63;
const HASH_LENGTH = 8;

/**
 * The SQL identifier (table, column, index, constraint) of its parts joined by `_`, as every
 * generated migration and model names it: the name itself when it fits PostgreSQL's 63 bytes,
 * else a readable prefix, `_` and 8 hex digits of the SHA-256 of the whole name (as Rails
 * shortens index names). PostgreSQL would cut a long name itself, so two that share their first
 * 63 bytes (the indexes of one long table) would clash; the hash of the full name keeps every
 * one distinct, and the same name always gives the same identifier.
 *
 * @example sqlIdentifier('index', 'cool_widgets', 'on_project_id') === 'index_cool_widgets_on_project_id'
 */
export function sqlIdentifier(...parts: readonly string[]): string {
  const full = parts.join('_');
  // Names are ASCII (words.ts), so a character is a byte.
  if (Buffer.byteLength(full) <= MAX_IDENTIFIER_BYTES) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, HASH_LENGTH);
  const prefix = full.slice(0, MAX_IDENTIFIER_BYTES - HASH_LENGTH - 1).replace(/_+$/, '');
  return `${prefix}_${hash}`;
}
