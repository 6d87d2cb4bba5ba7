import type { Strategy } from '../generate/strategies.ts';
import type { ClassIndex, HostClass, RuntimeBase, RuntimeRole } from './class-index.ts';
import { staticValue, stringValue, type StaticValue } from './static-members.ts';
import type { SymbolResolver, SymbolTarget } from './symbols.ts';

/** A replicator's registry: what its `registryClass` names, and that class's table. */
export interface RegistryLink {
  /** Undefined when the replicator declares no `registryClass`. */
  readonly target: SymbolTarget | undefined;
  readonly hostClass: HostClass | undefined;
  readonly tableName: string | undefined;
  /** Where the table name is declared (the registry class's line when it is not). */
  readonly tableLine: number | undefined;
}

/** A concrete replicator of the host and what it is wired to, as far as the source says. */
export interface HostReplicator {
  readonly hostClass: HostClass;
  /** From the runtime replicator it extends; undefined for one extending `Replicator` itself. */
  readonly strategy: Strategy | undefined;
  readonly model: HostClass | undefined;
  /** The table its model declares (`static readonly tableName`), when it says. */
  readonly modelTable: string | undefined;
  readonly registry: RegistryLink;
  /** Uploaders its blob accessor uses: `uploaderFor`'s return type and the model's `uploaderClass`. */
  readonly uploaders: readonly HostClass[];
  /** A declared `replicableNamePlural` (a plural pluralize would not give). */
  readonly plural: string | undefined;
  /** A declared `replicationFeatureFlag`; the runtime's `geo_<name>_replication` otherwise. */
  readonly featureFlag: string | undefined;
}

/** Reads one replicator class: its model, registry, uploaders and declared plural. */
export function describeReplicator(
  index: ClassIndex,
  resolver: SymbolResolver,
  hostClass: HostClass,
): HostReplicator {
  const model = modelOf(index, resolver, hostClass);
  const uploaders = new Set<HostClass>();
  for (const owner of index.lineage(hostClass)) {
    const returnType = owner.declaration.getMethod('uploaderFor')?.getReturnTypeNode();
    const uploader =
      returnType === undefined
        ? undefined
        : withRole(index, index.classOf(resolver.resolveType(owner.file, returnType)), 'uploader');
    if (uploader !== undefined) uploaders.add(uploader);
  }
  const modelUploader = model === undefined ? undefined : uploaderOfModel(index, resolver, model);
  if (modelUploader !== undefined) uploaders.add(modelUploader);

  return {
    hostClass,
    strategy: strategyOf(index.runtimeBaseOf(hostClass)),
    model,
    modelTable:
      model === undefined
        ? undefined
        : stringValue(staticValue(index, model, 'tableName')?.expression),
    registry: registryOf(index, resolver, hostClass),
    uploaders: [...uploaders],
    plural: stringValue(staticValue(index, hostClass, 'replicableNamePlural')?.expression),
    featureFlag: stringValue(staticValue(index, hostClass, 'replicationFeatureFlag')?.expression),
  };
}

/** The strategy a runtime replicator base class implements. */
function strategyOf(base: RuntimeBase | undefined): Strategy | undefined {
  switch (base) {
    case 'BlobReplicator':
      return 'blob';
    case 'RepositoryReplicator':
      return 'repository';
    default:
      return undefined;
  }
}

/** The uploader class a model mounts (`static get uploaderClass()`), if it is a host uploader. */
export function uploaderOfModel(
  index: ClassIndex,
  resolver: SymbolResolver,
  model: HostClass,
): HostClass | undefined {
  return withRole(
    index,
    classNamed(index, resolver, staticValue(index, model, 'uploaderClass')),
    'uploader',
  );
}

function modelOf(
  index: ClassIndex,
  resolver: SymbolResolver,
  replicator: HostClass,
): HostClass | undefined {
  const declared = withRole(
    index,
    classNamed(index, resolver, staticValue(index, replicator, 'model')),
    'model',
  );
  if (declared !== undefined) return declared;
  // `extends BlobReplicator<PackageFile>` names the model too.
  const typeArgument = replicator.declaration.getExtends()?.getTypeArguments()[0];
  return typeArgument === undefined
    ? undefined
    : withRole(index, index.classOf(resolver.resolveType(replicator.file, typeArgument)), 'model');
}

function registryOf(
  index: ClassIndex,
  resolver: SymbolResolver,
  replicator: HostClass,
): RegistryLink {
  const declared = staticValue(index, replicator, 'registryClass');
  const target =
    declared === undefined
      ? undefined
      : resolver.resolveExpression(declared.owner.file, declared.expression);
  const hostClass = withRole(index, index.classOf(target), 'registry');
  const table = hostClass === undefined ? undefined : staticValue(index, hostClass, 'tableName');
  return {
    target,
    hostClass,
    tableName: stringValue(table?.expression),
    tableLine: table?.expression.getStartLineNumber() ?? hostClass?.line,
  };
}

function classNamed(
  index: ClassIndex,
  resolver: SymbolResolver,
  value: StaticValue | undefined,
): HostClass | undefined {
  return value === undefined
    ? undefined
    : index.classOf(resolver.resolveExpression(value.owner.file, value.expression));
}

function withRole(
  index: ClassIndex,
  hostClass: HostClass | undefined,
  role: RuntimeRole,
): HostClass | undefined {
  return hostClass !== undefined && index.roleOf(hostClass) === role ? hostClass : undefined;
}
