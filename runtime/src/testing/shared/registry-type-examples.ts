import { GraphQLNonNull, GraphQLObjectType, isListType, isNonNullType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { GeoRegistryInterface, type GeoRegistryType } from '../../graphql/registry-type.ts';

/** The fields every registry type has (`Types::Geo::RegistryType`), in the order clients read them. */
export const COMMON_REGISTRY_FIELD_NAMES = [
  'id',
  'modelRecordId',
  'state',
  'retryCount',
  'lastSyncFailure',
  'retryAt',
  'lastSyncedAt',
  'createdAt',
  'checksumMismatch',
  'verificationState',
  'verificationChecksum',
  'verificationChecksumMismatched',
  'verificationFailure',
  'verificationRetryCount',
  'verificationRetryAt',
  'verificationStartedAt',
  'verifiedAt',
] as const;

/**
 * `it_behaves_like 'a Geo registry type'`: the common fields, the model's foreign key, the
 * `GeoRegistry` interface and the connection types.
 *
 * @example itBehavesLikeAGeoRegistryType(PackageFileRegistryType);
 */
export function itBehavesLikeAGeoRegistryType(type: GeoRegistryType): void {
  describe('a Geo registry type', () => {
    it('has every field a registry has, typed as the GeoRegistry interface types it', () => {
      const fields = type.getFields();
      const common = GeoRegistryInterface.getFields();
      expect(Object.keys(common)).toEqual([...COMMON_REGISTRY_FIELD_NAMES]);
      for (const name of COMMON_REGISTRY_FIELD_NAMES) {
        expect(String(fields[name]?.type), name).toBe(String(common[name]?.type));
      }
    });

    it('implements the GeoRegistry interface', () => {
      expect(type.getInterfaces()).toContain(GeoRegistryInterface);
    });

    it("has the model's id as a non-null ID named after the model", () => {
      const field = type.getFields()[type.foreignKeyField];
      expect(String(field?.type)).toBe('ID!');
      expect(field?.description).toBeTruthy();
      expect(type.foreignKeyField).toMatch(/^[a-z][A-Za-z0-9]*Id$/);
    });

    it('is named after its registry class and has a description', () => {
      expect(type.name).toBe(type.registryClass.name);
      expect(type.description).toBeTruthy();
    });

    it('has a connection with count, edges, nodes and pageInfo', () => {
      const connection = type.connectionType;
      expect(connection.name).toBe(`${type.name}Connection`);
      expect(Object.keys(connection.getFields()).sort()).toEqual([
        'count',
        'edges',
        'nodes',
        'pageInfo',
      ]);
      const nodes = connection.getFields().nodes?.type;
      const item =
        isNonNullType(nodes) && isListType(nodes.ofType) ? nodes.ofType.ofType : undefined;
      expect(item instanceof GraphQLNonNull ? item.ofType : item).toBe(type);
      expect(type.edgeType.name).toBe(`${type.name}Edge`);
      expect(type.edgeType).toBeInstanceOf(GraphQLObjectType);
    });
  });
}
