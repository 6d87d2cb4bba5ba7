import type { Host } from '../host/resolve-host.ts';
import { ClassIndex, type HostClass } from './class-index.ts';
import { HostSources } from './host-sources.ts';
import { describeReplicator, type HostReplicator } from './replicators.ts';
import { SymbolResolver } from './symbols.ts';

/** A host read once: its sources, its classes by role, and its replicators' wiring. */
export interface HostScan {
  readonly sources: HostSources;
  readonly resolver: SymbolResolver;
  readonly classes: ClassIndex;
  /** Concrete replicators outside test files, in file order. */
  readonly replicators: readonly HostReplicator[];
  /** Concrete uploaders outside test files, in file order (abstract ones are bases, not storage). */
  readonly uploaders: readonly HostClass[];
  /** Concrete models deriving from `RepositoryModel` outside test files, in file order. */
  readonly repositoryModels: readonly HostClass[];
}

const TEST_FILE = /(?:^|\/)(?:__tests__|__mocks__)\/|\.(?:test|spec)\.[cm]?tsx?$/;

/**
 * Whether a path is a test file. A class declared in one is a test double (a replicator that
 * throws, an uploader over a temp dir), not a data type of the application.
 */
export function isTestFile(path: string): boolean {
  return TEST_FILE.test(path);
}

export async function scanHost(host: Host): Promise<HostScan> {
  const sources = await HostSources.load(host.root);
  const resolver = new SymbolResolver(sources, host.config.runtimePackage);
  const classes = new ClassIndex(sources, resolver);
  const application = (hostClass: HostClass): boolean => !isTestFile(hostClass.file);
  return {
    sources,
    resolver,
    classes,
    replicators: classes
      .withRole('replicator')
      .filter(application)
      .map((replicator) => describeReplicator(classes, resolver, replicator)),
    uploaders: classes.withRole('uploader').filter(application),
    repositoryModels: classes
      .withRole('model')
      .filter((model) => application(model) && classes.runtimeBaseOf(model) === 'RepositoryModel'),
  };
}
