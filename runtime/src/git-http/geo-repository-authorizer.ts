import {
  authenticateRepositorySync,
  type AccessKeyLookup,
  type TransferAuthFailure,
} from '../transfer/authenticate.ts';
import type { GitAuthorize } from './git-access.ts';

/** A git request the primary refused with 401, as its administrator sees it. */
export interface GitRefusal {
  readonly failure: TransferAuthFailure;
  readonly fullPath: string;
}

export interface GeoRepositoryAuthorizerOptions {
  /** The primary's `geo_nodes`: the access key names the secondary, its secret signs the token. */
  readonly nodes: AccessKeyLookup;
  /** Told why each request was refused; the client is deliberately told less. */
  readonly onUnauthorized?: (refusal: GitRefusal) => void;
}

/**
 * The primary's authorize hook: `Authorization: GL-Geo <access_key>:<JWT>` from an enabled site,
 * a valid repository sync token (ten minutes, clock leeway 60 s) whose `data` names exactly this
 * repository. Anything else is 401, with the messages of the file transfer API.
 *
 * @example
 * gitRoutes({ locate, authorize: geoRepositoryAuthorizer({ nodes: site.nodes }) });
 */
export function geoRepositoryAuthorizer(options: GeoRepositoryAuthorizerOptions): GitAuthorize {
  return async (request, fullPath) => {
    const header = request.headers.get('Authorization') ?? undefined;
    const auth = await authenticateRepositorySync(options.nodes, header, { fullPath });
    if (auth.kind === 'authorized') return { kind: 'granted' };
    options.onUnauthorized?.({ failure: auth.failure, fullPath });
    return { kind: 'denied', status: 401, message: auth.message };
  };
}
