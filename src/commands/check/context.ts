import type { HostList } from '../../analysis/host-list.ts';
import type { HostScan } from '../../analysis/host-scan.ts';
import type { HostReplicator } from '../../analysis/replicators.ts';
import type { HostLayout } from '../../host/layout.ts';
import type { Host } from '../../host/resolve-host.ts';
import { InvalidNameError } from '../../naming/errors.ts';
import { names, type Names } from '../../naming/names.ts';
import type { UploaderException } from './exceptions.ts';

export type FoundList = Extract<HostList, { kind: 'found' }>;

/** Everything the rules of `geo-gen check` read; none of them touches the disk but through here. */
export interface CheckContext {
  readonly host: Host;
  readonly scan: HostScan;
  readonly layout: HostLayout;
  readonly replicatorClasses: FoundList;
  readonly registryFields: FoundList;
  readonly exceptions: readonly UploaderException[];
  /** Whether a file (any kind, not only scripts) exists, relative to the host root. */
  readonly exists: (path: string) => boolean;
  /** How to spell a geo-gen command for this host, e.g. with the `--root` the check was given. */
  readonly command: (args: string) => string;
}

/**
 * The spellings of a replicator's data type, from its class name as the runtime derives them
 * (`CoolWidgetReplicator` → `cool_widget`). The check uses singular spellings only, so a name
 * whose plural cannot be told from the singular is still checked; a name geo-gen could never
 * have generated (a reserved word) gives undefined, and the checks that need it are skipped.
 */
export function replicatorNames(replicator: HostReplicator): Names | undefined {
  const base = dataTypeName(replicator.hostClass.name, 'Replicator');
  for (const plural of [replicator.plural, `${base} records`]) {
    try {
      return names(base, { plural });
    } catch (error) {
      if (!(error instanceof InvalidNameError)) throw error;
    }
  }
  return undefined;
}

/** The data type a replicator or uploader class is named for: `CoolWidgetReplicator` → `CoolWidget`. */
export function dataTypeName(className: string, suffix: 'Replicator' | 'Uploader'): string {
  return className.endsWith(suffix) && className !== suffix
    ? className.slice(0, -suffix.length)
    : className;
}
