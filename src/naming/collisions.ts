import { NameCollisionError } from './errors.ts';
import type { Names } from './names.ts';

/** What the host already defines, as found by whoever reads the host (replicator list, schemas). */
export interface ExistingNames {
  /** Replicator classes, e.g. `PackageFileReplicator`. */
  readonly replicators: readonly string[];
  /** Tables of the tracking database, e.g. `package_file_registry`. */
  readonly registryTables: readonly string[];
  /** Tables of the main database, e.g. `package_files`. */
  readonly tables: readonly string[];
}

/** Which tables the generated code will create, so only those are checked against the host's. */
export interface CreatedTables {
  /** The model's own table, created only when the model does not exist yet. */
  readonly modelTable: boolean;
  /** `<name>_states`, created for option 2 (separate verification table). */
  readonly statesTable: boolean;
}

/** Every collision of `names` with the host, as readable phrases; empty when there is none. */
export function findCollisions(
  names: Names,
  existing: ExistingNames,
  creates: CreatedTables,
): string[] {
  const found: string[] = [];
  if (existing.replicators.includes(names.replicatorClass)) {
    found.push(`a replicator ${names.replicatorClass}`);
  }
  if (existing.registryTables.includes(names.registryTable)) {
    found.push(`a registry table ${names.registryTable}`);
  }
  if (creates.modelTable && existing.tables.includes(names.tableName)) {
    found.push(`a table ${names.tableName}`);
  }
  if (creates.statesTable && existing.tables.includes(names.statesTable)) {
    found.push(`a table ${names.statesTable}`);
  }
  return found;
}

/** Refuses (NameCollisionError, exit 1) a data type whose names the host already uses. */
export function refuseCollisions(
  names: Names,
  existing: ExistingNames,
  creates: CreatedTables,
): void {
  const found = findCollisions(names, existing, creates);
  if (found.length > 0) throw new NameCollisionError(names.className, found);
}
