import type { MiddlewareHandler } from 'hono';
import type { GitAccess, GitAuthorize } from '../git-http/git-access.ts';
import { geoRepositoryAuthorizer, type GitRefusal } from '../git-http/geo-repository-authorizer.ts';
import { isGitHttpPath } from '../git-http/git-request.ts';
import { gitRoutes } from '../git-http/git-routes.ts';
import type { ReplicatorClass } from '../replicator/replicator-class.ts';
import type { GeoSite } from '../sites/geo-site.ts';
import {
  adminTokenAccess,
  DEFAULT_GIT_READ_ACCESS,
  type GitReadAccess,
} from './git-read-access.ts';
import { sitePushPolicy } from './push-policy.ts';
import { findRepositoryByFullPath } from './repository-lookup.ts';
import { secondaryRepositoryAccess } from './secondary-availability.ts';

/** What a site's git routes tell its operator. */
export type SiteGitEvent =
  /** The primary refused a GL-Geo request (the secondary is told less: see GitRefusal). */
  | { readonly kind: 'git-refused'; readonly refusal: GitRefusal }
  /** A request failed unexpectedly (answered 500), or a repository resolved outside its root. */
  | { readonly kind: 'git-error'; readonly error: Error };

export interface SiteGitOptions {
  readonly site: GeoSite;
  /** The host's REPLICATOR_CLASSES: its repository data types are served. */
  readonly replicatorClasses: readonly ReplicatorClass[];
  /** Users who send it read (`admin` mode); unset, only secondaries read from the primary. */
  readonly adminToken?: string;
  /** Default `admin`. */
  readonly readAccess?: GitReadAccess;
  readonly onEvent?: (event: SiteGitEvent) => void;
}

/**
 * Who may read a repository of this site: a secondary's GL-Geo repository sync token on the
 * primary; a user with the site's admin token (or anyone, in the `open` mode). On a secondary,
 * only what it has synced (secondaryRepositoryAccess).
 */
export function siteGitAuthorize(options: SiteGitOptions): GitAuthorize {
  const { site } = options;
  const readAccess = options.readAccess ?? DEFAULT_GIT_READ_ACCESS;
  const geoSecondaries = geoRepositoryAuthorizer({
    nodes: site.nodes,
    onUnauthorized: (refusal) => options.onEvent?.({ kind: 'git-refused', refusal }),
  });
  const reader = async (request: Request, fullPath: string): Promise<GitAccess> => {
    if (readAccess === 'open') return { kind: 'granted' };
    const authorization = request.headers.get('Authorization') ?? undefined;
    // Secondaries fetch from the primary; no site fetches from a secondary.
    if (site.isPrimary() && authorization?.startsWith('GL-Geo ') === true) {
      return geoSecondaries(request, fullPath);
    }
    return adminTokenAccess(options.adminToken, authorization, fullPath);
  };
  return async (request, fullPath) => {
    const access = await reader(request, fullPath);
    if (access.kind !== 'granted' || !site.isSecondary()) return access;
    const found = await findRepositoryByFullPath(site, options.replicatorClasses, fullPath);
    return secondaryRepositoryAccess(site, found, fullPath);
  };
}

/**
 * Every site serves git over smart HTTP (issue 10, points 4 and 8): the primary to secondaries
 * and readers, a secondary to readers near it, read-only; a push to a secondary is redirected to
 * the primary. A middleware that answers only the paths of smart HTTP (isGitHttpPath) and hands
 * every other request on, so it shadows none of the site's routes.
 *
 * @example app.use(siteGitRoutes({ site, replicatorClasses, adminToken }));
 */
export function siteGitRoutes(options: SiteGitOptions): MiddlewareHandler {
  const { site, replicatorClasses } = options;
  const git = gitRoutes({
    locate: async (fullPath) => {
      const found = await findRepositoryByFullPath(site, replicatorClasses, fullPath);
      return (
        found && {
          root: site.repositoryStorageRoot(found.record.repositoryStorage),
          diskPath: found.record.diskPath,
        }
      );
    },
    authorize: siteGitAuthorize(options),
    push: sitePushPolicy(site),
    onError: (error) => options.onEvent?.({ kind: 'git-error', error }),
  });
  return async (c, next) => {
    if (!isGitHttpPath(new URL(c.req.raw.url).pathname)) return next();
    return git.fetch(c.req.raw);
  };
}
