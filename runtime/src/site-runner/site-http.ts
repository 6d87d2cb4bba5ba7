import { Hono, type Handler } from 'hono';
import { adminRoutes } from '../admin/admin-routes.ts';
import { graphqlRoutes } from '../graphql/routes.ts';
import type { GeoNodeRegistryField } from '../graphql/index.ts';
import { adminGuard } from '../http/admin-access.ts';
import { requestBodyLimit } from '../http/body-limit.ts';
import type { ReplicatorClass } from '../replicator/replicator.ts';
import type { GeoSite } from '../sites/geo-site.ts';
import type { MetricsExposition } from '../status/prometheus.ts';
import {
  InvalidPostedStatusError,
  parsePostedStatus,
  receiveSiteStatus,
  siteStatuses,
  STATUS_POST_PATH,
} from '../status/site-statuses.ts';
import type { GitReadAccess } from '../site-git/git-read-access.ts';
import { siteGitRoutes, type SiteGitEvent } from '../site-git/site-git-routes.ts';
import { authenticateStatusPost } from '../transfer/authenticate.ts';
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
  /** A status older than this is listed as outdated (default: an hour, GitLab's). */
  readonly statusOutdatedAfterMs?: number;
  /** The clock of status ages and of received statuses (tests move it). */
  readonly now?: () => Date;
}

/**
 * Everything a site serves over HTTP: the blob retrieve API (other sites, GL-Geo tokens), git over
 * smart HTTP (siteGitRoutes: secondaries and readers), GraphQL, the node status and Prometheus
 * metrics (administrators: the admin token), and a health check (anyone: load balancers). No
 * request body over `MAX_REQUEST_BODY_BYTES` is read, except git's.
 */
export function siteHttpApp(options: SiteHttpOptions): Hono {
  const { site, adminToken } = options;
  const now = options.now ?? (() => new Date());
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

  const statuses = () =>
    siteStatuses(site, {
      now: now(),
      ...(options.statusOutdatedAfterMs !== undefined && {
        outdatedAfterMs: options.statusOutdatedAfterMs,
      }),
    });
  // Every site with its latest status, its age and whether it went quiet (GitLab's list).
  forAdministrators(STATUS_PATH, 'the status API', async (c) => c.json(await statuses()));
  // The admin web pages: their own sign-in (a session cookie), the same data as GraphQL and the
  // status API.
  app.route(
    '/',
    adminRoutes({ site, registryFields: options.registryFields, adminToken, statuses }),
  );
  // Secondaries post their status here after each metrics update, signed with their own key.
  app.post(STATUS_POST_PATH, async (c) => {
    const auth = await authenticateStatusPost(site.nodes, c.req.header('authorization'));
    if (auth.kind === 'unauthorized') return c.json({ message: auth.message }, 401);
    if (!site.isPrimary())
      return c.json(
        {
          message: `403 Forbidden: ${site.name} is not the primary; post statuses to the primary.`,
        },
        403,
      );
    if (auth.node.primary)
      return c.json({ message: '403 Forbidden: only secondaries post their status.' }, 403);
    let posted: ReturnType<typeof parsePostedStatus>;
    try {
      posted = parsePostedStatus(await c.req.json<unknown>());
    } catch (error) {
      if (error instanceof InvalidPostedStatusError || error instanceof SyntaxError)
        return c.json({ message: `400 Bad Request: ${error.message}` }, 400);
      throw error;
    }
    if (posted.geoNodeId !== undefined && posted.geoNodeId !== auth.node.id)
      return c.json(
        { message: '403 Forbidden: a site posts its own status, not another site’s.' },
        403,
      );
    await receiveSiteStatus(site.mainDb, auth.node, posted.fields, now());
    return c.body(null, 201);
  });
  // The same figures as the status: Prometheus sends the token (`authorization: credentials`).
  forAdministrators('/metrics', 'the metrics endpoint', async (c) =>
    c.body(await options.metrics.text(), 200, { 'content-type': options.metrics.contentType }),
  );
  // Names the site and its role, nothing more: open, for load balancers and `site:start` checks.
  app.get('/-/health', (c) => c.json({ status: 'ok', site: site.name, primary: site.isPrimary() }));
  return app;
}
