import { camelCase } from 'change-case';
import { describe, expect, it } from 'vitest';
import {
  assertValidRegistryFields,
  type GeoNodeRegistryField,
} from '../../graphql/registry-field.ts';
import type { ReplicatorClass } from '../../replicator/replicator.ts';

export interface RegistriesFieldsExamplesOptions {
  readonly registryFields: readonly GeoNodeRegistryField[];
  readonly replicatorClasses: readonly ReplicatorClass[];
}

/**
 * The conformance of the host's registries fields with its replicators: one field per replicator,
 * named `<replicable>Registries`, about its registry class, behind its flag until released.
 *
 * @example itHasARegistriesFieldPerReplicator({ registryFields: GEO_NODE_REGISTRY_FIELDS, replicatorClasses: REPLICATOR_CLASSES });
 */
export function itHasARegistriesFieldPerReplicator(options: RegistriesFieldsExamplesOptions): void {
  const { registryFields, replicatorClasses } = options;

  describe('the Geo node registries fields', () => {
    it('make a valid list', () => {
      expect(() => assertValidRegistryFields(registryFields)).not.toThrow();
    });

    it('have one field per replicator, and none without one', () => {
      expect(registryFields.map((field) => field.name).sort()).toEqual(
        replicatorClasses
          .map((replicator) => `${camelCase(replicator.replicableName)}Registries`)
          .sort(),
      );
    });

    for (const replicator of replicatorClasses) {
      it(`wire ${replicator.name} to its registry class and feature flag`, () => {
        const name = `${camelCase(replicator.replicableName)}Registries`;
        const field = registryFields.find((candidate) => candidate.name === name);
        expect(field, `a field named ${name}`).toBeDefined();
        expect(field?.resolver.replicator).toBe(replicator);
        expect(field?.type.registryClass).toBe(replicator.registryClass);
        if (field?.featureFlag !== undefined) {
          expect(field.featureFlag).toBe(replicator.replicationFeatureFlag);
        }
      });
    }
  });
}
