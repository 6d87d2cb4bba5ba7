import { Node } from '../ts-morph.ts';
import type { HostClass } from '../analysis/class-index.ts';
import { dataTypeName } from '../analysis/data-type-names.ts';
import type { Finding } from '../analysis/findings.ts';
import type { FoundHostList } from '../analysis/host-list.ts';
import { whyUnresolved } from '../analysis/unresolved.ts';
import { dataTypeFiles } from './data-type-files.ts';
import {
  addListEntry,
  isDataTypeEntry,
  listForCheck,
  listHasEntry,
  listLocation,
  removeListEntry,
} from './host-list-entry.ts';
import type { WiringCheckContext, WiringPoint } from './wiring-point.ts';

/**
 * The replicator in REPLICATOR_CLASSES: everything else of the runtime derives its lists from
 * this one (the consistency worker included, so no second hand-kept list can be forgotten).
 */
export const replicatorClasses: WiringPoint = {
  id: 'replicator-classes',

  describe({ names, host }) {
    const { file, symbol } = listLocation(host, 'replicatorClasses');
    return `${names.replicatorClass} in ${symbol} (${file})`;
  },

  recognise: (tree, { names, host }) =>
    listHasEntry(tree, listLocation(host, 'replicatorClasses'), isDataTypeEntry(names)),

  async apply(tree, target) {
    const { names } = target;
    await addListEntry(
      tree,
      target,
      listLocation(target.host, 'replicatorClasses'),
      names.replicatorClass,
      [
        {
          name: names.replicatorClass,
          file: dataTypeFiles(names, target.host.config.layout).replicator,
        },
      ],
    );
  },

  revert: (tree, { names, host, generatedPaths }) =>
    removeListEntry(tree, listLocation(host, 'replicatorClasses'), names, generatedPaths),

  check: (context) =>
    listForCheck(context.scan.sources, context.host, 'replicatorClasses', (list) => ({
      kind: 'checked',
      findings: checkReplicatorList(context, list),
    })),
};

/**
 * REPLICATOR_CLASSES both ways: every replicator of the host is listed exactly once, and every
 * entry is a replicator that exists (no import of a missing file, no undefined name).
 */
function checkReplicatorList(context: WiringCheckContext, list: FoundHostList): Finding[] {
  const { scan } = context;
  const findings: Finding[] = [];
  const listedAt = new Map<HostClass, number[]>();
  for (const element of list.elements) {
    if (!Node.isIdentifier(element.node)) continue; // a spread or call: nothing to say without types
    const name = element.node.getText();
    const target = scan.resolver.resolveName(list.file, name);
    const why = whyUnresolved(target, list.file);
    const hostClass = scan.classes.classOf(target);
    if (why !== undefined) {
      const dataType = dataTypeName(name, 'Replicator');
      findings.push({
        kind: 'listed-replicator-missing',
        file: list.file,
        line: element.line,
        subject: name,
        message: `${list.symbol} lists ${name}, which ${why}`,
        fix:
          `restore ${name}, or take it out of ${list.symbol} with its import; ` +
          `\`geo-gen remove ${dataType}\` removes what is left of ${dataType}`,
        command: context.command(`remove ${dataType}`),
      });
    } else if (hostClass !== undefined && scan.classes.roleOf(hostClass) !== 'replicator') {
      findings.push({
        kind: 'listed-replicator-missing',
        file: list.file,
        line: element.line,
        subject: name,
        message: `${list.symbol} lists ${name} (${hostClass.file}:${hostClass.line}), which is not a replicator`,
        fix: `take ${name} out of ${list.symbol}; only classes extending a replicator of the runtime belong there`,
      });
    } else if (hostClass !== undefined) {
      listedAt.set(hostClass, [...(listedAt.get(hostClass) ?? []), element.line]);
    }
  }

  for (const { hostClass } of scan.replicators) {
    const lines = listedAt.get(hostClass) ?? [];
    if (lines.length === 0) {
      findings.push({
        kind: 'replicator-not-listed',
        file: hostClass.file,
        line: hostClass.line,
        subject: hostClass.name,
        message:
          `${hostClass.name} is not in ${list.symbol} (${list.file}:${list.line}), so no worker, ` +
          'status or GraphQL field knows it',
        fix: `import ${hostClass.name} in ${list.file} and add it to ${list.symbol}`,
      });
    }
    for (const line of lines.slice(1)) {
      findings.push({
        kind: 'replicator-listed-twice',
        file: list.file,
        line,
        subject: hostClass.name,
        message: `${list.symbol} lists ${hostClass.name} again (first on line ${lines[0]})`,
        fix: `delete this entry; each replicator is listed once`,
      });
    }
  }
  return findings;
}
