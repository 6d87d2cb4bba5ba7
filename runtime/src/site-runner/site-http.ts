import { Hono } from 'hono';
import { graphqlRoutes } from '../graphql/routes.ts';
import type { GeoNodeRegistryField } from '../graphql/index.ts';
import type { ReplicatorClass } from '../replicator/replicator.ts';
import type { GeoSite } from '../sites/geo-site.ts';
import type { StatusMetrics } from '../status/prometheus.ts';
import { storedSiteStatus } from '../status/site-status.ts';
import { geoTransferRoutes } from '../transfer/index.ts';

export interface SiteHttpOptions {
  readonly site: GeoSite;
  readonly replicatorClasses: readonly ReplicatorClass[];
  readonly registryFields: readonly GeoNodeRegistryField[];
  readonly metrics: StatusMetrics;
  readonly adminToken?: string;
}

/**
 * Everything a site serves over HTTP: the blob retrieve API (other sites, GL-Geo tokens), GraphQL
 * and the node status (administrators), Prometheus metrics, and a health check.
 */
export function siteHttpApp(options: SiteHttpOptions): Hono {
  const { site } = options;
  const app = new Hono();
  app.route('/', geoTransferRoutes({ site, replicatorClasses: options.replicatorClasses }));
  app.route(
    '/',
    graphqlRoutes({
      site,
      registryFields: options.registryFields,
      ...(options.adminToken !== undefined && { adminToken: options.adminToken }),
    }),
  );
  app.get('/api/v4/geo_nodes/status', async (c) => {
    const stored = await storedSiteStatus(site);
    if (!stored)
      return c.json(
        { message: 'No status yet: the metrics worker has not run on this site.' },
        404,
      );
    return c.json({
      geo_node_id: site.node.id,
      name: site.name,
      updated_at: stored.updatedAt,
      ...stored.fields,
    });
  });
  app.get('/metrics', async (c) => c.text(await options.metrics.text()));
  app.get('/-/health', (c) => c.json({ status: 'ok', site: site.name, primary: site.isPrimary() }));
  return app;
}
