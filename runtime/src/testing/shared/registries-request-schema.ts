import { expect, it } from 'vitest';
import type { Registry } from '../../registry/registry.ts';
import type { RegistriesRequestContext } from './registries-request-context.ts';

/**
 * The schema of `itGetsRegistriesFor`: the field and its registry class are hidden while the
 * field's feature flag is off, shown once it is on, and always there for a released field.
 */
export function itShowsTheFieldWhileItsFlagIsOn<R extends Registry>(
  context: RegistriesRequestContext<R>,
): void {
  const { geo, field, fieldName, registryClassValue, client } = context;

  const fieldsOfGeoNode = async () => {
    const response = await client.post<{
      geoNode: { fields: { name: string }[] } | null;
      registryClass: { enumValues: { name: string }[] } | null;
    }>(`{
        geoNode: __type(name: "GeoNode") { fields { name } }
        registryClass: __type(name: "GeoRegistryClass") { enumValues { name } }
      }`);
    return {
      fields: response.data?.geoNode?.fields.map((entry) => entry.name) ?? [],
      registryClasses: response.data?.registryClass?.enumValues.map((entry) => entry.name) ?? [],
    };
  };

  const featureFlag = field.featureFlag;
  if (featureFlag) {
    it(`is hidden from the schema while ${featureFlag} is off, and shown once it is on`, async () => {
      await geo.primary.flags.disable(featureFlag);
      const hidden = await fieldsOfGeoNode();
      expect(hidden.fields).toContain('name');
      expect(hidden.fields).not.toContain(fieldName);
      expect(hidden.registryClasses).not.toContain(registryClassValue);
      const refused = await client.post(`{ geoNode { ${fieldName} { count } } }`);
      expect(refused.status).toBe(400);
      // GraphQL may go on with "Did you mean …?", naming whichever visible field is close.
      expect(refused.errors?.[0]?.message).toContain(
        `Cannot query field "${fieldName}" on type "GeoNode".`,
      );

      await geo.primary.flags.enable(featureFlag);
      const shown = await fieldsOfGeoNode();
      expect(shown.fields).toContain(fieldName);
      expect(shown.registryClasses).toContain(registryClassValue);
      expect((await client.post(`{ geoNode { ${fieldName} { count } } }`)).status).toBe(200);
    });
  } else {
    it('is in the schema without a feature flag (released)', async () => {
      expect((await fieldsOfGeoNode()).fields).toContain(fieldName);
    });
  }
}
