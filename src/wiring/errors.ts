import { RefusedError } from '../errors.ts';
import type { Strategy } from '../generate/strategies.ts';
import { DATA_TYPES_COLUMNS } from './data-types-table.ts';

/** A file the release edits is missing; releasing without it would be half a release. */
export class ReleaseTargetMissingError extends RefusedError {
  override readonly name = 'ReleaseTargetMissingError';
  constructor(
    readonly path: string,
    what: string,
  ) {
    super(`cannot release: ${what}. Nothing was written; geo-gen check lists what is missing.`);
  }
}

/** The host documents no data types, so the release step "add its row" has nowhere to go. */
export class DataTypesDocMissingError extends RefusedError {
  override readonly name = 'DataTypesDocMissingError';
  constructor(
    readonly path: string,
    problem: 'missing' | 'no-table',
  ) {
    super(
      `cannot release: ${path} ${problem === 'missing' ? 'does not exist' : 'has no Markdown table'}, ` +
        'and the release adds the data type to the host\'s "Geo data types support" table. ' +
        `Nothing was written. Create ${path} with a table whose header is\n` +
        `  | ${DATA_TYPES_COLUMNS.join(' | ')} |\n` +
        `  | ${DATA_TYPES_COLUMNS.map(() => '---').join(' | ')} |\n` +
        'or point geo.config.json "layout.dataTypesDoc" at the host\'s own, then run the release again.',
    );
  }
}

/**
 * The existing model derives from the other strategy's base (or, for a repository data type,
 * from nothing geo-gen can trace to `RepositoryModel`): the replicator the strategy generates
 * could not replicate it.
 */
export class ModelBaseMismatchError extends RefusedError {
  override readonly name = 'ModelBaseMismatchError';
  constructor(
    readonly path: string,
    readonly className: string,
    readonly strategy: Strategy,
    base: string,
  ) {
    super(
      strategy === 'repository'
        ? `cannot wire ${className} (${path}) to a repository replicator: it extends ${base}, ` +
            'not RepositoryModel. A repository data type owns one git repository per record: make ' +
            `${className} extend RepositoryModel from the runtime (its table needs repository_storage, ` +
            'disk_path and full_path columns), or use --strategy blob for files. Nothing was written.'
        : `cannot wire ${className} (${path}) to a blob replicator: it extends ${base}, whose ` +
            `records own git repositories, not files. Use --strategy repository for ${className}, ` +
            'or make it extend BlobModel. Nothing was written.',
    );
  }
}
