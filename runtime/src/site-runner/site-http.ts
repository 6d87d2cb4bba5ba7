import { Hono, type Handler } from 'hono';
import { graphqlRoutes } from '../graphql/routes.ts';
import type { GeoNodeRegistryField } from '../graphql/index.ts';
import { adminGuard } from '../http/admin-access.ts';
import { requestBodyLimit } from '../http/body-limit.ts';
import type { ReplicatorClass } from '../replicator/replicator.ts';
import type { GeoSite } from '../sites/geo-site.ts';
import type { MetricsExposition } from '../status/prometheus.ts';
import { storedSiteStatus } from '../status/site-status.ts';
import type { GitReadAccess } from '../site-git/git-read-access.ts';
import { siteGitRoutes, type SiteGitEvent } from '../site-git/site-git-routes.ts';
import { geoTransferRoutes } from '../transfer/index.ts';

/** Where a site serves its status (GitLab's path). */
export const STATUS_PATH = '/api/v4/geo_nodes/status';

export interface SiteHttpOptions {
  readonly site: GeoSite;
  readonly replicatorClasses: readonly ReplicatorClass[];
  readonly registryFields: readonly GeoNodeRegistryField[];
  /** What `/metrics` serves (a `StatusMetrics`, or several registries combined). */
  readonly metrics: MetricsExposition;
  /**
   * Opens GraphQL, the status and the metrics to requests with `Authorization: Bearer <token>`.
   * Unset, they answer 403: a site is closed to everyone but other sites by default. Users who
   * send it also read the site's git repositories.
   */
  readonly adminToken?: string;
  /** Who reads the site's git repositories besides secondaries: `admin` (default) or `open`. */
  readonly gitReadAccess?: GitReadAccess;
  /** Told of refused GL-Geo git requests and failed git requests. */
  readonly onGitEvent?: (event: SiteGitEvent) => void;
}

/**
 * Everything a site serves over HTTP: the blob retrieve API (other sites, GL-Geo tokens), git over
 * smart HTTP (siteGitRoutes: secondaries and readers), GraphQL, the node status and Prometheus
 * metrics (administrators: the admin token), and a health check (anyone: load balancers). No
 * request body over `MAX_REQUEST_BODY_BYTES` is read, except git's.
 */
export function siteHttpApp(options: SiteHttpOptions): Hono {
  const { site, adminToken } = options;
  const app = new Hono();
  // Before the body limit: a fetch's negotiation can pass 1 MiB (a want line per ref), and it
  // streams to git, never into memory; a request is authorized before its body is read.
  app.use(
    siteGitRoutes({
      site,
      replicatorClasses: options.replicatorClasses,
      ...(adminToken !== undefined && { adminToken }),
      ...(options.gitReadAccess !== undefined && { readAccess: options.gitReadAccess }),
      ...(options.onGitEvent !== undefined && { onEvent: options.onGitEvent }),
    }),
  );
  app.use(requestBodyLimit());
  app.route('/', geoTransferRoutes({ site, replicatorClasses: options.replicatorClasses }));
  app.route(
    '/',
    graphqlRoutes({
      site,
      registryFields: options.registryFields,
      ...(adminToken !== undefined && { adminToken }),
    }),
  );

  // Every route for administrators goes through here, so none is served without the guard: an
  // admin page belongs here too.
  const forAdministrators = (path: string, what: string, handler: Handler) =>
    app.get(path, adminGuard({ adminToken, what }), handler);

  forAdministrators(STATUS_PATH, 'the status API', async (c) => {
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
  // The same figures as the status: Prometheus sends the token (`authorization: credentials`).
  forAdministrators('/metrics', 'the metrics endpoint', async (c) =>
    c.body(await options.metrics.text(), 200, { 'content-type': options.metrics.contentType }),
  );
  // Names the site and its role, nothing more: open, for load balancers and `site:start` checks.
  app.get('/-/health', (c) => c.json({ status: 'ok', site: site.name, primary: site.isPrimary() }));
  return app;
}
