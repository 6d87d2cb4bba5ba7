import type { GitPushAnswer, GitPushPolicy } from '../git-http/git-access.ts';
import type { GeoSite } from '../sites/geo-site.ts';

/** Why the primary refuses pushes: Geo replicates repositories, it does not host them. */
export const PRIMARY_PUSH_REFUSED =
  'git push is not accepted here: this Geo site serves repositories read-only, to secondaries ' +
  "and readers. Pushes go to the host application's own git hosting, which geo-runtime does not " +
  'provide; push there, and the host calls afterPush so that secondaries fetch the change.';

/**
 * A site's pushes: a secondary sends them to the same path on the primary's URL with a 302 (the
 * original's push redirect for HTTPS, which git follows); the primary, or a site not set up for
 * Geo, refuses them (PRIMARY_PUSH_REFUSED). Decided per request, so a promoted site changes.
 *
 * @example gitRoutes({ locate, authorize, push: sitePushPolicy(site) });
 */
export function sitePushPolicy(site: GeoSite): GitPushPolicy {
  return async (path): Promise<GitPushAnswer> => {
    if (!site.isSecondary()) return { kind: 'refused', status: 403, message: PRIMARY_PUSH_REFUSED };
    const primary = await site.nodes.primary();
    if (primary === undefined) {
      return {
        kind: 'refused',
        status: 503,
        message:
          'git push is not accepted by a Geo secondary, and no primary site is recorded to send ' +
          'it to: push to the primary once it is set up (geo-runtime node:add --primary).',
      };
    }
    return { kind: 'redirect', location: `${primary.url.replace(/\/+$/, '')}${path}` };
  };
}
