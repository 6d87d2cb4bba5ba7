import type { Writable } from 'node:stream';
import type { MainDatabase } from '../db/main-database.ts';
import { openDatabase } from '../db/open-database.ts';
import type { SelectiveSync } from '../sites/geo-node.ts';
import { GeoNodes } from '../sites/geo-nodes.ts';
import { checkDatabasePath, MIGRATE } from './preflight.ts';
import { describeDatabase, type SiteEnvironment } from './site-config.ts';

export interface NodeAddFlags {
  readonly name: string;
  readonly url: string;
  readonly internalUrl?: string;
  readonly primary?: boolean;
  readonly namespaces?: string;
  readonly shards?: string;
  readonly syncObjectStorage?: boolean;
  readonly filesMaxCapacity?: number;
  readonly reposMaxCapacity?: number;
}

function selectiveSync(flags: NodeAddFlags): SelectiveSync {
  if (flags.namespaces !== undefined && flags.shards !== undefined) {
    throw new Error(
      'Give --namespaces or --shards, not both: a site syncs by one kind of selection.',
    );
  }
  if (flags.namespaces !== undefined) {
    const ids = flags.namespaces.split(',').map((id) => Number(id.trim()));
    if (ids.some((id) => !Number.isInteger(id) || id < 1)) {
      throw new Error(
        `--namespaces takes namespace ids separated by commas, got ${JSON.stringify(flags.namespaces)}.`,
      );
    }
    return { type: 'namespaces', namespaceIds: ids };
  }
  if (flags.shards !== undefined) {
    return {
      type: 'shards',
      shards: flags.shards
        .split(',')
        .map((shard) => shard.trim())
        .filter(Boolean),
    };
  }
  return { type: 'none' };
}

/** `node:add`: records a site in `geo_nodes` (run against the primary's main database). */
export async function nodeAddCommand(
  flags: NodeAddFlags,
  environment: SiteEnvironment,
  stdout: Writable,
): Promise<void> {
  const sync = selectiveSync(flags);
  await checkDatabasePath(environment.main, environment.settings.main, 'open', MIGRATE.main);
  const database = await openDatabase<MainDatabase>(environment.main);
  try {
    const node = await new GeoNodes(database.db).create({
      name: flags.name,
      url: flags.url,
      ...(flags.internalUrl !== undefined && { internalUrl: flags.internalUrl }),
      primary: flags.primary ?? false,
      selectiveSync: sync,
      ...(flags.syncObjectStorage !== undefined && { syncObjectStorage: flags.syncObjectStorage }),
      ...(flags.filesMaxCapacity !== undefined && { filesMaxCapacity: flags.filesMaxCapacity }),
      ...(flags.reposMaxCapacity !== undefined && { reposMaxCapacity: flags.reposMaxCapacity }),
    });
    stdout.write(
      `added ${node.primary ? 'primary' : 'secondary'} site ${node.name} (${node.url}) to ${describeDatabase(environment.main)}\n` +
        `  access key ${node.accessKey}; its secret stays in geo_nodes, which every site reads\n`,
    );
  } finally {
    await database.close();
  }
}
