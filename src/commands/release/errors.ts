import { RefusedError } from '../../errors.ts';

/** The host has no replicator of that name: there is nothing to release. */
export class ReplicatorNotFoundError extends RefusedError {
  override readonly name = 'ReplicatorNotFoundError';
  constructor(
    readonly className: string,
    readonly root: string,
    detail = `no class ${className} extending a replicator of the runtime exists`,
  ) {
    super(
      `cannot release: ${detail} in ${root}.\n` +
        'Check the name (it is the data type, e.g. CoolWidget for CoolWidgetReplicator), or generate ' +
        'the data type first with geo-gen replicable <Name> --strategy <blob|repository>.',
    );
  }
}
