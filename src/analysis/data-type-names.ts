import { InvalidNameError } from '../naming/errors.ts';
import { names, type Names } from '../naming/names.ts';
import type { HostReplicator } from './replicators.ts';

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
