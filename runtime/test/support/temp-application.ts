import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FEATURE_FLAG_DEFINITIONS_DIR } from '../../src/feature-flags/definition.ts';
import { applicationMigrationFolder } from '../../src/db/application-migrations.ts';
import type { MigrationTarget } from '../../src/db/migrations.ts';

/** The application migration of the temp application's main database. */
export const WIDGETS_MIGRATION = '20270101000000_create_widgets';
/** The temp application's tracking migration. */
export const WIDGET_REGISTRY_MIGRATION = '20270101000000_create_widget_registry';
/** The temp application's one feature flag. */
export const WIDGET_FLAG = 'geo_widget_replication';

/**
 * A migration creating `table`, written without imports: the temp application has no
 * node_modules to resolve them from.
 */
export function tableMigration(table: string, references?: string): string {
  const column = references
    ? `.addColumn('project_id', 'bigint', (col) => col.notNull().references('${references}'))`
    : '';
  return [
    `export async function up(db) {`,
    `  await db.schema.createTable('${table}').addColumn('id', 'bigserial', (col) => col.primaryKey())${column}.execute();`,
    `}`,
    `export async function down(db) {`,
    `  await db.schema.dropTable('${table}').execute();`,
    `}`,
    ``,
  ].join('\n');
}

/** Writes `source` as migration `name` of the application at `root`. */
export function writeMigration(
  root: string,
  target: MigrationTarget,
  name: string,
  source: string,
): string {
  const folder = applicationMigrationFolder(root, target);
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `${name}.ts`);
  writeFileSync(file, source);
  return file;
}

/**
 * An application of its own in a temp directory (synchronously, so a test file can name it while
 * collecting its tests): a `widgets` table (on the framework's projects), a `widget_registry`,
 * and a feature flag. Returns its root and how to remove it.
 */
export function tempApplication(): { root: string; remove: () => Promise<void> } {
  const root = mkdtempSync(join(tmpdir(), 'geo-app-'));
  writeMigration(root, 'main', WIDGETS_MIGRATION, tableMigration('widgets', 'projects.id'));
  writeMigration(root, 'tracking', WIDGET_REGISTRY_MIGRATION, tableMigration('widget_registry'));
  const flags = join(root, FEATURE_FLAG_DEFINITIONS_DIR);
  mkdirSync(flags, { recursive: true });
  writeFileSync(
    join(flags, `${WIDGET_FLAG}.yml`),
    `---\nname: ${WIDGET_FLAG}\nintroduced_by_url:\nrollout_issue_url:\ntype: development\ngroup: group::geo\ndefault_enabled: true\n`,
  );
  return { root, remove: () => rm(root, { recursive: true, force: true }) };
}
