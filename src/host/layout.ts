import type { GeoLayout } from 'geo-runtime/config';
import type { HostConfig } from './config.ts';

/** Where a host keeps the files geo-gen writes, checks and releases (geo.config.json `"layout"`). */
export type HostLayout = GeoLayout;

export function hostLayout(config: HostConfig): HostLayout {
  return config.layout;
}

/** The host's migration folders, main database first: where a data type's migrations go. */
export function migrationFolders(host: { readonly config: HostConfig }): string[] {
  const { layout } = host.config;
  return [layout.mainMigrationsDir, layout.trackingMigrationsDir];
}

/**
 * geo-gen's own files in a host, relative to its root: the lock of the run writing it and the
 * journal of the change being written. A dot-folder, so host scans (and so `check`) never see
 * it; it exists only while a run holds the lock or after a run was killed.
 */
export const GENERATOR_FILES = Object.freeze({
  dir: '.geo-gen',
  lock: '.geo-gen/lock',
  journal: '.geo-gen/journal.json',
});
