/// <reference types="node" preserve="true" />
// The declarations use Node's types: an application whose tsconfig lists no "types" (as
// `tsc --init` writes it) gets them through this reference and the @types/node dependency.
// geo-runtime/testing: the shared vitest suites and helpers a replicable's specs are made of.

export {
  BlobModelFactory,
  defineBlobModelFactory,
  defineRegistryFactory,
  defineRepositoryModelFactory,
  namespaceFactory,
  projectFactory,
  RegistryFactory,
  ReplicableModelFactory,
  RepositoryModelFactory,
  requireSite,
} from './factories.ts';
export type {
  BlobFactoryAttributes,
  BlobModelFactoryDefinition,
  ModelFactoryDefinition,
  RegistryFactoryAttributes,
  RepositoryFactoryAttributes,
  RepositoryModelFactoryDefinition,
  SiteParams,
  VerificationAttributes,
} from './factories.ts';
export { useGeoSites } from './geo-test-sites.ts';
export { LogRecorder } from '../log/log-recorder.ts';
export type { LogEntry } from '../log/log-recorder.ts';
export { useGraphQLServer } from './shared/graphql-test-server.ts';
export type { GraphQLHttpResponse, GraphQLTestClient } from './shared/graphql-test-server.ts';
export { itHasARegistriesFieldPerReplicator } from './shared/registries-field-examples.ts';
export type { RegistriesFieldsExamplesOptions } from './shared/registries-field-examples.ts';
export { itGetsRegistriesFor } from './shared/registries-request-examples.ts';
export type { GetsRegistriesForOptions } from './shared/registries-request-examples.ts';
export { itBehavesLikeAGeoRegistriesResolver } from './shared/registries-resolver-examples.ts';
export type { RegistriesResolverExamplesOptions } from './shared/registries-resolver-examples.ts';
export { itBehavesLikeAFrameworkRegistryFinder } from './shared/registry-finder-examples.ts';
export type { RegistryFinderExamplesOptions } from './shared/registry-finder-examples.ts';
export {
  COMMON_REGISTRY_FIELD_NAMES,
  itBehavesLikeAGeoRegistryType,
} from './shared/registry-type-examples.ts';
export type { GeoTestSites, GeoTestSitesOptions } from './geo-test-sites.ts';
export { eventsOf, verificationColumns } from './shared/inspect.ts';
export { itBehavesLikeAGeoFrameworkRegistry } from './shared/framework-registry-examples.ts';
export type { RegistryExamplesOptions } from './shared/framework-registry-examples.ts';
export { itBehavesLikeAGeoVerifiableRegistry } from './shared/verifiable-registry-examples.ts';
export { itBehavesLikeAReplicator } from './shared/replicator-examples.ts';
export type { ReplicatorExamplesOptions } from './shared/replicator-examples.ts';
export { itBehavesLikeABlobReplicator } from './shared/blob-replicator-examples.ts';
export { itBehavesLikeARepositoryReplicator } from './shared/repository-replicator-examples.ts';
export { itBehavesLikeAVerifiableReplicator } from './shared/verifiable-replicator-examples.ts';
export { strategyAdapter } from './shared/strategy-adapter.ts';
export type { SeededRecord, StrategyAdapter } from './shared/strategy-adapter.ts';
export {
  commitToRepository,
  deleteBranch,
  InvalidTreePathError,
  listRefs,
  mirrorRepository,
  moveRef,
  refsChecksumOf,
  resolveRef,
  TEST_COMMIT_IDENTITY,
} from './git-commits.ts';
export type { CommitOptions } from './git-commits.ts';
export { RecordingRepositoryFetcher } from './recording-repository-fetcher.ts';
export type { RecordedFetch } from './recording-repository-fetcher.ts';
export { itReportsReplicableStatus } from './shared/status-examples.ts';
export type { ReplicableStatusRow } from './shared/status-examples.ts';
export { itSelectsReplicablesForCurrentSecondary } from './shared/selective-sync-examples.ts';
export type {
  OwnedRecordFactory,
  ProjectRecordFactory,
  RecordOwner,
  SelectiveSyncExamplesOptions,
} from './shared/selective-sync-examples.ts';
export { applicationRoot } from './application-root.ts';
export { describeOnEachEngine, TEST_ENGINES, useTestDatabases } from './test-databases.ts';
export type { TestDatabases, TestEngine } from './test-databases.ts';
