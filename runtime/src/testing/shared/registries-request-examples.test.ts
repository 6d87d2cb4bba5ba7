import { packageFileRegistryFactory } from '../../../app/factories/package-file-registry-factory.ts';
import { GEO_NODE_REGISTRY_FIELDS } from '../../../app/graphql/geo-node-registry-fields.ts';
import { RegistriesResolver } from '../../graphql/registries-resolver.ts';
import type { GeoNodeRegistryField } from '../../graphql/registry-field.ts';
import { FrameworkRegistryFinder } from '../../graphql/registry-finder.ts';
import { defineRegistryType } from '../../graphql/registry-type.ts';
import { Registry } from '../../registry/registry.ts';
import { useGeoSites } from '../geo-test-sites.ts';
import { describeOnEachEngine } from '../test-databases.ts';
import { itGetsRegistriesFor } from './registries-request-examples.ts';

const packageFileField = GEO_NODE_REGISTRY_FIELDS.find(
  (field) => field.name === 'packageFileRegistries',
) as GeoNodeRegistryField;

// A released data type beside package files: its field and registry class stay in the schema
// and working while package files' flag is off. Only the schema sees it.
class PackageRegistry extends Registry {
  static override readonly tableName = 'package_registry';
  static override readonly modelForeignKey = 'package_id';
}
class PackageRegistryFinder extends FrameworkRegistryFinder {
  static override get registryClass() {
    return PackageRegistry;
  }
}
class PackageRegistriesResolver extends RegistriesResolver {
  static override get finder() {
    return PackageRegistryFinder;
  }
}
const releasedNeighbour: GeoNodeRegistryField = {
  name: 'packageRegistries',
  type: defineRegistryType({
    name: 'PackageRegistry',
    description: 'A released data type beside package files, for these tests.',
    registryClass: PackageRegistry,
    foreignKey: { name: 'packageId', description: 'ID of the Package' },
  }),
  resolver: PackageRegistriesResolver,
  description: 'Find Package registries on this Geo node',
};

describeOnEachEngine('the GraphQL shared examples, beside a released data type', (databases) => {
  const geo = useGeoSites(databases);

  itGetsRegistriesFor({
    geo,
    registryFields: [packageFileField, releasedNeighbour],
    fieldName: 'packageFileRegistries',
    registryClassName: 'PackageFileRegistry',
    registryFactory: packageFileRegistryFactory,
    foreignKeyFieldName: 'packageFileId',
  });
});
