import type { GeoSite } from '../sites/geo-site.ts';

/**
 * What every Geo GraphQL resolver receives: the site this process runs as.
 *
 * @example
 * const context: GeoGraphQLContext = { site };
 * await PackageFileRegistriesResolver.resolve(site.node, {}, context);
 */
export interface GeoGraphQLContext {
  readonly site: GeoSite;
}
