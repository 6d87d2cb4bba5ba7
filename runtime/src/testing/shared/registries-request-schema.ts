import { expect, it } from 'vitest';
import type { Registry } from '../../registry/registry.ts';
import type { RegistriesRequestContext } from './registries-request-context.ts';

/**
 * The schema of `itGetsRegistriesFor`: the field and its registry class are always in it. While
 * the field's feature flag is off the field lists nothing and mutations of its class are refused,
 * so a client's query keeps working whichever way the flag is set.
 */
export function itKeepsTheFieldWhileItsFlagIsOff<R extends Registry>(
  context: RegistriesRequestContext<R>,
): void {
  const { geo, field, fieldName, registryClassValue, client, create } = context;

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
    it(`keeps the field while ${featureFlag} is off, listing nothing, and lists once it is on`, async () => {
      const registry = await create().create();
      const query = `{ geoNode { ${fieldName} { count nodes { id } } } }`;
      await geo.primary.flags.disable(featureFlag);
      const schema = await fieldsOfGeoNode();
      expect(schema.fields).toContain(fieldName);
      expect(schema.registryClasses).toContain(registryClassValue);
      const off = await client.post(query);
      expect(off.status).toBe(200);
      expect(off.errors).toBeUndefined();
      expect(off.data).toEqual({ geoNode: { [fieldName]: { count: 0, nodes: [] } } });
      const refused = await client.post(
        `mutation { geoRegistriesBulkUpdate(input: { registryClass: ${registryClassValue}, action: RESYNC_ALL }) { updatedCount errors } }`,
      );
      expect(refused.errors?.[0]?.message).toContain(
        `(feature flag ${featureFlag} is off), so its registries are not changed.`,
      );
      expect(refused.errors?.[0]?.extensions?.code).toBe('FAILED_PRECONDITION');

      await geo.primary.flags.enable(featureFlag);
      const on = await client.post(query);
      expect(on.data).toEqual({
        geoNode: { [fieldName]: { count: 1, nodes: [{ id: String(registry.id) }] } },
      });
    });
  } else {
    it('is in the schema without a feature flag (released)', async () => {
      expect((await fieldsOfGeoNode()).fields).toContain(fieldName);
    });
  }
}
