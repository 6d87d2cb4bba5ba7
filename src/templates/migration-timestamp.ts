import type { Tree } from '../tree/tree.ts';
import { replaceTimestampTokens as fill } from './path-tokens.ts';

/** `20261126000100_create_package_files.ts`: 14 digits (UTC, to the second), then what it does. */
export const MIGRATION_FILE = /^(\d{14})_[a-z0-9_]+\.(?:ts|js)$/;

/** `YYYYMMDDHHMMSS` in UTC. */
export function formatTimestamp(date: Date): string {
  const pad = (value: number, width = 2): string => String(value).padStart(width, '0');
  return (
    pad(date.getUTCFullYear(), 4) +
    pad(date.getUTCMonth() + 1) +
    pad(date.getUTCDate()) +
    pad(date.getUTCHours()) +
    pad(date.getUTCMinutes()) +
    pad(date.getUTCSeconds())
  );
}

export function parseTimestamp(timestamp: string): Date {
  const part = (start: number, end: number): number => Number(timestamp.slice(start, end));
  return new Date(
    Date.UTC(part(0, 4), part(4, 6) - 1, part(6, 8), part(8, 10), part(10, 12), part(12, 14)),
  );
}

/**
 * `count` increasing timestamps that sort after every migration in `existing` (file names of one
 * folder): from `now`, or one second after the newest migration when that is later (hand-written
 * migrations are often dated ahead), one second apart.
 */
export function nextMigrationTimestamps(
  existing: readonly string[],
  count: number,
  now: Date,
): string[] {
  const newest = existing
    .map((file) => MIGRATION_FILE.exec(file)?.[1])
    .filter((timestamp) => timestamp !== undefined)
    .sort()
    .at(-1);
  const afterNewest = newest === undefined ? 0 : parseTimestamp(newest).getTime() + 1000;
  // Whole seconds, so the first timestamp is exactly `now` as written in the file name.
  const start = Math.max(Math.floor(now.getTime() / 1000) * 1000, afterNewest);
  return Array.from({ length: count }, (_, index) =>
    formatTimestamp(new Date(start + index * 1000)),
  );
}

/**
 * Timestamps for the migrations `planned` (file names with their `__timestamp__` token, in order)
 * among the `existing` files of one folder. With `keepExisting`, a migration the folder already has
 * under the same name (`<timestamp>_create_cool_widgets.ts`) keeps that file's timestamp, the
 * oldest if several, so that regenerating replaces it in place and its place in the history
 * does not change; the others get new timestamps after the newest.
 */
export function plannedMigrationTimestamps(
  existing: readonly string[],
  planned: readonly string[],
  now: Date,
  keepExisting: boolean,
): string[] {
  const kept = planned.map((name) =>
    keepExisting ? existingTimestamp(existing, (timestamp) => fill(name, timestamp)) : undefined,
  );
  const fresh = nextMigrationTimestamps(
    existing,
    kept.filter((timestamp) => timestamp === undefined).length,
    now,
  );
  return kept.map((timestamp) => timestamp ?? fresh.shift() ?? '');
}

function existingTimestamp(
  existing: readonly string[],
  named: (timestamp: string) => string,
): string | undefined {
  return existing
    .map((file) => MIGRATION_FILE.exec(file)?.[1])
    .filter((timestamp) => timestamp !== undefined)
    .sort()
    .find((timestamp) => existing.includes(named(timestamp)));
}

/** Timestamps for new migrations in `folder` of the Tree, counting files planned but not written. */
export function migrationTimestamps(
  tree: Tree,
  folder: string,
  count: number,
  now: Date,
): string[] {
  return nextMigrationTimestamps(tree.children(folder), count, now);
}
