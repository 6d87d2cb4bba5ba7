import type { GeoNodeRegistryField } from '../../graphql/registry-field.ts';
import type { Registry } from '../../registry/registry.ts';
import type { RegistryFactory } from '../factories.ts';
import type { GeoTestSites } from '../geo-test-sites.ts';
import type { GraphQLTestClient } from './graphql-test-server.ts';

/** What the request examples of one registries field share; `itGetsRegistriesFor` sets it up. */
export interface RegistriesRequestContext<R extends Registry = Registry> {
  readonly geo: GeoTestSites;
  /** The field under test, from the host's registry fields. */
  readonly field: GeoNodeRegistryField;
  /** e.g. `packageFileRegistries` */
  readonly fieldName: string;
  /** e.g. `PackageFileRegistry` */
  readonly registryClassName: string;
  /** The registry class as the `GeoRegistryClass` enum names it, e.g. `PACKAGE_FILE_REGISTRY` */
  readonly registryClassValue: string;
  /** e.g. `packageFileId` */
  readonly foreignKeyFieldName: string;
  /** The registry factory, on the secondary. */
  readonly create: () => RegistryFactory<R>;
  /** A client of the secondary's API, with the admin token unless told otherwise. */
  readonly client: GraphQLTestClient;
}

/** A registry as the API answers it. */
export interface RegistryJson {
  readonly __typename: string;
  readonly id: string;
  readonly state: string;
  readonly verificationState: string;
  readonly [field: string]: unknown;
}
