import { mentions } from '../patches/array-entry.ts';
import { dataTypeFiles } from './data-type-files.ts';
import {
  addListEntry,
  isDataTypeEntry,
  listHasEntry,
  listLocation,
  removeListEntry,
} from './host-list-entry.ts';
import type { WiringPoint } from './wiring-point.ts';

/** A row of the parameterised status spec table (`Replicator stats`). No check: it is a spec. */
export const statusSpecTable: WiringPoint = {
  id: 'status-spec-table',

  describe({ names, host }) {
    const { file, symbol } = listLocation(host, 'statusSpecTable');
    return `the ${names.replicatorClass} row of ${symbol} (${file})`;
  },

  recognise: (tree, { names, host }) =>
    listHasEntry(tree, listLocation(host, 'statusSpecTable'), isDataTypeEntry(names)),

  async apply(tree, target) {
    const { names } = target;
    const files = dataTypeFiles(names, target.host.config.layout);
    const factory = `${names.camelName}Factory`;
    const registryFactory = `${names.registryCamel}Factory`;
    await addListEntry(
      tree,
      target,
      listLocation(target.host, 'statusSpecTable'),
      `{ replicator: ${names.replicatorClass}, modelFactory: ${factory}, registryFactory: ${registryFactory} }`,
      [
        { name: factory, file: files.factory },
        { name: registryFactory, file: files.registryFactory },
        { name: names.replicatorClass, file: files.replicator },
      ],
      mentions(names.replicatorClass),
    );
  },

  revert: (tree, { names, host, generatedPaths }) =>
    removeListEntry(tree, listLocation(host, 'statusSpecTable'), names, generatedPaths),
};
