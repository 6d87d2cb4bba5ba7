import type { Kysely } from 'kysely';
import type { DatabaseConfig } from '../db/database-config.ts';
import type { MainDatabase } from '../db/main-database.ts';
import { openDatabase, type Database } from '../db/open-database.ts';
import { MainDatabaseReaderMissingError, WritableMainDatabaseError } from '../db/reader-role.ts';
import type { TrackingDatabase } from '../db/tracking-database.ts';
import type { GeoNode } from '../sites/geo-node.ts';
import { GeoNodeNotFoundError, GeoNodes } from '../sites/geo-nodes.ts';
import { errorLine } from './error-line.ts';
import { checkDatabasePath, MIGRATE } from './preflight.ts';
import { describeDatabase } from './site-config.ts';
import { SiteConfigError, type SiteStartConfig } from './site-start-options.ts';

// The databases of a `site:start` process, opened as its role needs them and checked before the
// site runs: each problem becomes a `SiteConfigError` that says what to do.

/** PostgreSQL's "relation does not exist". */
const UNDEFINED_TABLE = '42P01';

/**
 * Opens the main database as the site needs it: writable for the primary; for a secondary, with
 * or without `--replica`, read-only in the database itself (as the reader role) and checked to
 * be so. `--replica` only makes the site read geo_nodes that way too.
 */
export async function openMainDatabase(
  config: Pick<SiteStartConfig, 'name' | 'replica'>,
  database: DatabaseConfig,
  onConnectionError?: (error: Error) => void,
): Promise<{ main: Database<MainDatabase>; node: GeoNode }> {
  let main = await openSiteDatabase<MainDatabase>(
    'main',
    database,
    config.replica,
    onConnectionError,
  );
  try {
    const node = await findNode(main.db, config.name);
    if (node.primary && config.replica) {
      throw new SiteConfigError(
        `Site ${config.name} is the primary: its main database must be writable. Drop --replica (GEO_MAIN_DATABASE_READ_ONLY).`,
      );
    }
    if (!node.primary && !config.replica) {
      await main.close();
      main = await openSiteDatabase<MainDatabase>('main', database, true, onConnectionError);
    }
    return { main, node };
  } catch (error) {
    await main.close();
    throw error;
  }
}

/**
 * Opens one of the site's databases as `site:start` does: `readOnly` makes the main one
 * read-only in the database itself (`openDatabase`'s `readOnly`).
 */
export async function openSiteDatabase<DB>(
  target: 'main' | 'tracking',
  config: DatabaseConfig,
  readOnly: boolean,
  onConnectionError?: (error: Error) => void,
): Promise<Database<DB>> {
  try {
    return await openDatabase<DB>(config, {
      readOnly,
      ...(onConnectionError && { onConnectionError }),
    });
  } catch (error) {
    // These say what to do already.
    if (
      error instanceof WritableMainDatabaseError ||
      error instanceof MainDatabaseReaderMissingError
    )
      throw new SiteConfigError(error.message);
    throw new SiteConfigError(
      `Cannot open the ${target} database (${describeDatabase(config)}): ${errorLine(error)}. ` +
        `Check ${target === 'main' ? 'GEO_MAIN_DATABASE' : 'GEO_TRACKING_DATABASE'}.`,
    );
  }
}

async function findNode(db: Kysely<MainDatabase>, name: string): Promise<GeoNode> {
  let node: GeoNode | undefined;
  try {
    node = await new GeoNodes(db).findByName(name);
  } catch (error) {
    throw new SiteConfigError(
      codeOf(error) === UNDEFINED_TABLE
        ? `The main database has no geo_nodes table: run geo-runtime db:migrate first.`
        : `Cannot read geo_nodes from the main database: ${errorLine(error)}. Check GEO_MAIN_DATABASE.`,
    );
  }
  if (!node) throw new SiteConfigError(new GeoNodeNotFoundError(name).message);
  if (!node.enabled) {
    throw new SiteConfigError(
      `Site ${name} is disabled in geo_nodes: enable it on the primary before starting it.`,
    );
  }
  return node;
}

export async function openTracking(
  config: DatabaseConfig,
  name: string,
  onConnectionError: (error: Error) => void,
): Promise<Database<TrackingDatabase>> {
  if (config.kind === 'pglite' && config.dataDir === undefined) {
    throw new SiteConfigError(
      `Site ${name} is a secondary and needs its own tracking database: set GEO_TRACKING_DATABASE ` +
        `(a postgres:// URL or a directory) and run geo-runtime db:migrate --tracking.`,
    );
  }
  await checkDatabasePath(config, 'GEO_TRACKING_DATABASE', 'open', MIGRATE.tracking);
  const tracking = await openSiteDatabase<TrackingDatabase>(
    'tracking',
    config,
    false,
    onConnectionError,
  );
  try {
    await tracking.db.selectFrom('exclusive_leases').select('key').limit(1).execute();
  } catch (error) {
    await tracking.close();
    throw new SiteConfigError(
      codeOf(error) === UNDEFINED_TABLE
        ? `The tracking database is not migrated: run geo-runtime db:migrate --tracking first.`
        : `Cannot read the tracking database: ${errorLine(error)}. Check GEO_TRACKING_DATABASE.`,
    );
  }
  return tracking;
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
