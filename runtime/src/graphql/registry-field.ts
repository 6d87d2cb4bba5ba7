import type { GeoSite } from '../sites/geo-site.ts';
import { InvalidRegistryFieldsError } from './errors.ts';
import type { RegistriesResolverClass } from './registries-resolver.ts';
import type { GeoRegistryType } from './registry-type.ts';

/**
 * One registries connection on the `GeoNode` type: one per replicable, listed by the host in one
 * array that geo-gen appends to.
 *
 * @example
 * export const GEO_NODE_REGISTRY_FIELDS: readonly GeoNodeRegistryField[] = [
 *   {
 *     name: 'packageFileRegistries',
 *     type: PackageFileRegistryType,
 *     resolver: PackageFileRegistriesResolver,
 *     description: 'Find Package File registries on this Geo node',
 *     featureFlag: 'geo_package_file_replication',
 *   },
 * ];
 */
export interface GeoNodeRegistryField {
  /** The field on `GeoNode`, e.g. `packageFileRegistries`. */
  readonly name: string;
  readonly type: GeoRegistryType;
  readonly resolver: RegistriesResolverClass;
  readonly description: string;
  /**
   * The replicable's replication flag. The field stays in the schema while it is off (and lists
   * nothing then); its definition is checked on each request. `geo-gen release` removes the line.
   */
  readonly featureFlag?: string;
}

const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/**
 * Throws InvalidRegistryFieldsError, naming the field, for a list that cannot make a schema:
 * a repeated field, type or registry class, or a type and resolver about different registries.
 */
export function assertValidRegistryFields(fields: readonly GeoNodeRegistryField[]): void {
  const seen = { field: new Set<string>(), type: new Set<string>(), registry: new Set<string>() };
  for (const field of fields) {
    if (!GRAPHQL_NAME.test(field.name)) {
      throw new InvalidRegistryFieldsError(
        `Registry field '${field.name}' is not a GraphQL name: use letters, digits and _, e.g. 'packageFileRegistries'.`,
      );
    }
    const registry = field.type.registryClass.name;
    const resolved = field.resolver.registryClass.name;
    if (registry !== resolved) {
      throw new InvalidRegistryFieldsError(
        `Registry field '${field.name}': its type ${field.type.name} is for ${registry} but its ` +
          `resolver ${field.resolver.name} finds ${resolved}. Point both at the same registry class.`,
      );
    }
    for (const [kind, value] of [
      ['field', field.name],
      ['type', field.type.name],
      ['registry', registry],
    ] as const) {
      if (seen[kind].has(value)) {
        throw new InvalidRegistryFieldsError(
          `The registry fields list ${kind === 'field' ? `has the field '${value}'` : `uses ${kind} ${value}`} ` +
            `twice: keep one entry per replicable.`,
        );
      }
      seen[kind].add(value);
    }
  }
}

/** The fields whose feature flag is on (or that have none) on this site, in list order. */
export async function visibleRegistryFields(
  site: GeoSite,
  fields: readonly GeoNodeRegistryField[],
): Promise<GeoNodeRegistryField[]> {
  const visible = await Promise.all(
    fields.map(
      async (field) => !field.featureFlag || (await site.flags.isEnabled(field.featureFlag)),
    ),
  );
  return fields.filter((_, index) => visible[index]);
}
