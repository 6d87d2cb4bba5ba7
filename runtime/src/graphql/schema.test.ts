import { assertObjectType, printSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { GEO_NODE_REGISTRY_FIELDS } from '../../app/graphql/geo-node-registry-fields.ts';
import { PackageFileRegistriesResolver } from '../../app/graphql/resolvers/package-file-registries-resolver.ts';
import { PackageFileRegistryType } from '../../app/graphql/types/package-file-registry-type.ts';
import { MisconfiguredClassError } from '../model/errors.ts';
import { Registry } from '../registry/registry.ts';
import { InvalidRegistryFieldsError } from './errors.ts';
import { RegistriesResolver } from './registries-resolver.ts';
import type { GeoNodeRegistryField } from './registry-field.ts';
import { FrameworkRegistryFinder } from './registry-finder.ts';
import { defineRegistryType } from './registry-type.ts';
import { buildGeoSchema, GeoSchemaCache } from './schema.ts';

const packageFileField = GEO_NODE_REGISTRY_FIELDS.find(
  (field) => field.name === 'packageFileRegistries',
) as GeoNodeRegistryField;

class OtherRegistry extends Registry {
  static override readonly tableName = 'other_registry';
  static override readonly modelForeignKey = 'other_id';
}
class OtherRegistryFinder extends FrameworkRegistryFinder {
  static override get registryClass() {
    return OtherRegistry;
  }
}
class OtherRegistriesResolver extends RegistriesResolver {
  static override get finder() {
    return OtherRegistryFinder;
  }
}
const OtherRegistryType = defineRegistryType({
  name: 'OtherRegistry',
  description: 'Another registry, for these tests.',
  registryClass: OtherRegistry,
  foreignKey: { name: 'otherId', description: 'ID of the Other' },
});
const otherField: GeoNodeRegistryField = {
  name: 'otherRegistries',
  type: OtherRegistryType,
  resolver: OtherRegistriesResolver,
  description: 'Find Other registries on this Geo node',
};

describe('the Geo GraphQL schema', () => {
  // The API's golden: a change to it is a change clients see.
  it('matches the committed SDL for the package file registries', async () => {
    await expect(printSchema(buildGeoSchema([packageFileField]))).toMatchFileSnapshot(
      './__snapshots__/geo-schema.graphql.snap',
    );
  });

  it('has one registries field per field given, and mutations over their classes', () => {
    const schema = buildGeoSchema([packageFileField, otherField]);
    const geoNode = schema.getQueryType()?.getFields().geoNode?.type;
    expect(String(geoNode)).toBe('GeoNode');
    const fields = Object.keys(assertObjectType(schema.getType('GeoNode')).getFields());
    expect(fields).toEqual(expect.arrayContaining(['packageFileRegistries', 'otherRegistries']));
    expect(printSchema(schema)).toMatch(
      /enum GeoRegistryClass \{[^}]*PACKAGE_FILE_REGISTRY[^}]*OTHER_REGISTRY/s,
    );
  });

  it('has no mutations when no registries field is visible', () => {
    const schema = buildGeoSchema([]);
    expect(schema.getMutationType()).toBeUndefined();
    expect(schema.getType('GeoRegistryClass')).toBeUndefined();
    expect(Object.keys(schema.getQueryType()?.getFields() ?? {})).toEqual(['geoNode']);
  });
});

describe('registry field lists', () => {
  it('refuse a field listed twice', () => {
    expect(() => new GeoSchemaCache([packageFileField, packageFileField])).toThrow(
      "The registry fields list has the field 'packageFileRegistries' twice: keep one entry per replicable.",
    );
  });

  it('refuse a type and a resolver about different registries', () => {
    const crossed = { ...packageFileField, resolver: OtherRegistriesResolver };
    expect(() => buildGeoSchema([crossed])).toThrow(InvalidRegistryFieldsError);
    expect(() => buildGeoSchema([crossed])).toThrow(
      "Registry field 'packageFileRegistries': its type PackageFileRegistry is for PackageFileRegistry " +
        'but its resolver OtherRegistriesResolver finds OtherRegistry. Point both at the same registry class.',
    );
  });

  it('refuse two fields about one registry class', () => {
    const again = { ...packageFileField, name: 'packageFilesAgain' };
    expect(() => buildGeoSchema([packageFileField, again])).toThrow(
      /uses type PackageFileRegistry twice/,
    );
  });

  it('refuse a field name GraphQL cannot have', () => {
    expect(() => buildGeoSchema([{ ...packageFileField, name: 'package-files' }])).toThrow(
      /'package-files' is not a GraphQL name/,
    );
  });
});

describe('registry types, finders and resolvers', () => {
  it('refuse a foreign key field named like a common field', () => {
    expect(() =>
      defineRegistryType({
        name: 'ClashRegistry',
        description: 'Clashes.',
        registryClass: OtherRegistry,
        foreignKey: { name: 'state', description: 'Not a foreign key' },
      }),
    ).toThrow(
      "ClashRegistry: the foreign key field 'state' clashes with a field every registry has",
    );
  });

  it('say which declaration a finder or resolver lacks', () => {
    class BareFinder extends FrameworkRegistryFinder {}
    class BareResolver extends RegistriesResolver {}
    expect(() => BareFinder.registryClass).toThrow(MisconfiguredClassError);
    expect(() => BareFinder.registryClass).toThrow(
      'BareFinder does not declare registryClass. Add `static override get registryClass()`',
    );
    expect(() => BareResolver.registryClass).toThrow(
      'BareResolver does not declare finder. Add `static override get finder()`',
    );
  });

  it('link the host resolver and type to the package file registry', () => {
    expect(PackageFileRegistriesResolver.registryClass).toBe(PackageFileRegistryType.registryClass);
  });
});
