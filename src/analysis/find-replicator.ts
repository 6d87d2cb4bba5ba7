import { pascalCase } from 'change-case';
import { InvalidTableNameError } from '../naming/errors.ts';
import { checkName, names, type Names } from '../naming/names.ts';
import type { HostScan } from './host-scan.ts';
import type { HostReplicator } from './replicators.ts';

export type FoundReplicator =
  | { readonly kind: 'found'; readonly replicator: HostReplicator; readonly names: Names }
  | { readonly kind: 'none'; readonly className: string }
  | {
      readonly kind: 'several';
      readonly className: string;
      readonly replicators: readonly HostReplicator[];
    };

/**
 * The host's replicator for a data type name typed in any case (`cool_widget` finds
 * `CoolWidgetReplicator` wherever it is declared), with the names spelled with the plural the
 * replicator declares. A bad name is refused (InvalidNameError) before anything is looked up.
 */
export function findReplicator(scan: HostScan, input: string): FoundReplicator {
  const className = `${pascalCase(checkName(input).join(' '))}Replicator`;
  const matches = scan.replicators.filter((candidate) => candidate.hostClass.name === className);
  const [replicator] = matches;
  if (replicator === undefined) return { kind: 'none', className };
  if (matches.length > 1) return { kind: 'several', className, replicators: matches };
  return { kind: 'found', replicator, names: namesAsGenerated(input, replicator) };
}

/**
 * The names with the plural the replicator declares and the table its model declares (a type
 * generated with `--table`); a table geo-gen could not have generated is left out, so the
 * name's own table is used.
 */
function namesAsGenerated(input: string, replicator: HostReplicator): Names {
  const { plural, modelTable } = replicator;
  try {
    return names(input, { plural, table: modelTable });
  } catch (error) {
    if (error instanceof InvalidTableNameError) return names(input, { plural });
    throw error;
  }
}
