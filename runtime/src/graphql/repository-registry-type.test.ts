import { expect, it } from 'vitest';
import { projectRepositoryRegistryFactory } from '../../app/factories/project-repository-registry-factory.ts';
import { GEO_NODE_REGISTRY_FIELDS } from '../../app/graphql/geo-node-registry-fields.ts';
import { PackageFileRegistryType } from '../../app/graphql/types/package-file-registry-type.ts';
import { ProjectRepositoryRegistryType } from '../../app/graphql/types/project-repository-registry-type.ts';
import { ProjectRepositoryReplicator } from '../../app/replicators/project-repository-replicator.ts';
import { useGeoSites } from '../testing/geo-test-sites.ts';
import { describeOnEachEngine } from '../testing/test-databases.ts';
import { graphqlRoutes } from './routes.ts';

const TOKEN = 'repository-registry-type-test-token';

describeOnEachEngine('GraphQL registry types of repository data types', (databases) => {
  const geo = useGeoSites(databases);

  it('have missingOnPrimary, which blob types do not', () => {
    expect(String(ProjectRepositoryRegistryType.getFields().missingOnPrimary?.type)).toBe(
      'Boolean!',
    );
    expect(PackageFileRegistryType.getFields()).not.toHaveProperty('missingOnPrimary');
  });

  it('say which repositories the primary did not have at the last sync', async () => {
    await geo.primary.flags.enable(ProjectRepositoryReplicator.replicationFeatureFlag);
    const registries = projectRepositoryRegistryFactory.transient({ site: geo.secondary });
    const [missing, present] = (await registries.started().createList(2)).map(
      (registry) => registry.modelRecordId,
    );
    for (const [modelRecordId, missingOnPrimary] of [
      [missing, true],
      [present, false],
    ] as const) {
      const replicator = new ProjectRepositoryReplicator(geo.secondary, {
        modelRecordId: Number(modelRecordId),
      });
      await (await replicator.registry()).syncedFromPrimary({ missingOnPrimary });
    }
    const app = graphqlRoutes({
      site: geo.secondary,
      registryFields: GEO_NODE_REGISTRY_FIELDS,
      adminToken: TOKEN,
    });
    const response = await app.request('/api/graphql', {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        query:
          '{ geoNode { projectRepositoryRegistries { nodes { projectRepositoryId state missingOnPrimary } } } }',
      }),
    });
    expect(await response.json()).toEqual({
      data: {
        geoNode: {
          projectRepositoryRegistries: {
            nodes: [
              {
                projectRepositoryId: String(missing),
                state: 'SYNCED',
                missingOnPrimary: true,
              },
              {
                projectRepositoryId: String(present),
                state: 'SYNCED',
                missingOnPrimary: false,
              },
            ],
          },
        },
      },
    });
  });
});
