/// <reference types="node" preserve="true" />
// The declarations use Node's types: an application whose tsconfig lists no "types" (as
// `tsc --init` writes it) gets them through this reference and the @types/node dependency.
// The public surface of geo-runtime. Everything a host application (and code generated into it)
// needs is exported here; anything else is internal.

export type { DatabaseConfig } from './db/database-config.ts';
export { databaseConfigFrom } from './db/database-config.ts';
export { ReadOnlyDatabaseError, ReadOnlySessionError } from './db/errors.ts';
export type {
  FeatureGateTable,
  GeneratedTimestamp,
  GeoEventLogTable,
  GeoEventTable,
  GeoNodeTable,
  Json,
  MainDatabase,
  NamespaceTable,
  ProjectTable,
  Timestamp,
} from './db/main-database.ts';
export {
  applicationMigrationFolder,
  DuplicateMigrationError,
  FolderMigrationProvider,
  frameworkMigrationFolder,
  MIGRATION_TARGETS,
  MigrationFailedError,
  MigrationHistoryProvider,
  MissingMigrationFolderError,
  migrateDown,
  migrateToZero,
  migrateUp,
  migrationSources,
  migrationStatus,
} from './db/migrations.ts';
export type {
  MigrationOrigin,
  MigrationSources,
  MigrationStatus,
  MigrationTarget,
} from './db/migrations.ts';
export { openDatabase } from './db/open-database.ts';
export type { Database, OpenDatabaseOptions } from './db/open-database.ts';
export { ReadOnlyPlugin } from './db/read-only-plugin.ts';
export {
  MAIN_DATABASE_READER,
  MainDatabaseReaderMissingError,
  WritableMainDatabaseError,
  grantMainDatabaseReader,
  mainDatabaseReaderUrl,
  revokeMainDatabaseReader,
  verifyMainDatabaseReadOnly,
} from './db/reader-role.ts';
export { readOnlyMainDatabase, readOnlyView } from './db/read-only-session.ts';
export type { ReadOnlySession } from './db/read-only-session.ts';
export type {
  EventLogStateTable,
  RegistryTable,
  TrackingDatabase,
} from './db/tracking-database.ts';

export {
  FEATURE_FLAG_DEFINITIONS_DIR,
  FEATURE_FLAG_TYPES,
  InvalidFeatureFlagDefinitionError,
  loadFeatureFlagDefinitions,
  parseFeatureFlagDefinition,
} from './feature-flags/definition.ts';
export type { FeatureFlagDefinition, FeatureFlagType } from './feature-flags/definition.ts';
export {
  FeatureFlagDefaultMismatchError,
  FeatureFlags,
  UndefinedFeatureFlagError,
} from './feature-flags/feature-flags.ts';
export type { FeatureFlagState } from './feature-flags/feature-flags.ts';

export { BlobModel } from './model/blob-model.ts';
export type {
  BlobModelClass,
  BlobRow,
  NewBlobAttributes,
  UploaderConstructor,
} from './model/blob-model.ts';
export { MisconfiguredClassError, RecordNotFoundError } from './model/errors.ts';
export { idRange } from './model/id-range.ts';
export type { IdRange } from './model/id-range.ts';
export { ReplicableModel } from './model/replicable-model.ts';
export type {
  ModelRow,
  ReplicableModelClass,
  VerificationStateTable,
} from './model/replicable-model.ts';
export { RepositoryModel } from './model/repository-model.ts';
export type {
  NewRepositoryAttributes,
  RepositoryColumns,
  RepositoryModelClass,
  RepositoryRow,
} from './model/repository-model.ts';
export {
  inReplicableStorage,
  inSelectiveSyncNamespaces,
  inSelectiveSyncProjects,
  inSelectiveSyncRepositories,
} from './model/scopes.ts';
export type { RepositoryOwnerColumn } from './model/scopes.ts';

export { Registry } from './registry/registry.ts';
export type {
  ChecksumAttemptResult,
  FailedOptions,
  RegistryClass,
  RegistryCounts,
  RegistryRow,
  SyncedResult,
} from './registry/registry.ts';

export { RepositoryRegistry } from './registry/repository-registry.ts';
export type {
  RepositoryRegistryClass,
  RepositoryRegistryTable,
} from './registry/repository-registry.ts';

export { RepositoryPathTakenError } from './repository/bare-repository.ts';
export { UnsafeDiskPathError } from './repository/disk-path.ts';

export { BlobReplicator, FileNotChecksummableError } from './replicator/blob-replicator.ts';
export {
  REPOSITORY_SYNC_TIMEOUT_SECONDS,
  RepositoryNotChecksummableError,
  RepositoryReplicator,
} from './replicator/repository-replicator.ts';
export type {
  RepositoryFetcher,
  RepositoryReplicatorClass,
  RepositorySyncResult,
} from './replicator/repository-replicator.ts';
export type { BlobDownloader, BlobReplicatorClass } from './replicator/blob-replicator.ts';
export {
  GitRepositoryFetcher,
  REPOSITORY_SYNC_FAILURE_REASONS,
  RepositorySyncLeaseLostError,
  RepositorySyncTimeoutError,
} from './repository/git-repository-fetcher.ts';
export type { GitRepositoryFetcherOptions } from './repository/git-repository-fetcher.ts';
export { REPLICATOR_EVENTS, UnsupportedEventError, writeEvent } from './replicator/events.ts';
export type {
  BlobDeletedPayload,
  EventPayload,
  RepositoryDeletedPayload,
  MainExecutor,
  ReplicatorEvent,
} from './replicator/events.ts';
export { Replicator, STRATEGIES } from './replicator/replicator.ts';
export type {
  PublishResult,
  ReplicatorClass,
  ReplicatorClassBase,
  ReplicatorTarget,
  Strategy,
  SyncOutcome,
} from './replicator/replicator.ts';

export { generateAccessKeys } from './sites/access-keys.ts';
export { SELECTIVE_SYNC_TYPES } from './sites/geo-node.ts';
export type { GeoNode, SelectiveSync, SelectiveSyncType } from './sites/geo-node.ts';
export { GeoNodeNotFoundError, GeoNodes } from './sites/geo-nodes.ts';
export type { NewGeoNode } from './sites/geo-nodes.ts';
export { GeoSite, TrackingDatabaseMissingError } from './sites/geo-site.ts';
export type { GeoSiteOptions } from './sites/geo-site.ts';
export type { SiteFetchers } from './sites/site-fetchers.ts';
export {
  DEFAULT_REPOSITORY_STORAGE,
  defaultRepositoryStorages,
  UnknownRepositoryStorageError,
} from './sites/repository-storages.ts';
export type { RepositoryStorages } from './sites/repository-storages.ts';

export { nextRetryTime, retryDelaySeconds } from './states/backoff.ts';
export { REPLICATION_STATES, REPLICATION_TRANSITIONS } from './states/replication-state.ts';
export type { ReplicationStateName, ReplicationStateValue } from './states/replication-state.ts';
export { InvalidTransitionError } from './states/state-machine.ts';
export { VERIFICATION_STATES, VERIFICATION_TRANSITIONS } from './states/verification-state.ts';
export type { VerificationStateName, VerificationStateValue } from './states/verification-state.ts';

export {
  FILE_STORES,
  Uploader,
  UnsafeBlobPathError,
  resolveBlobPath,
} from './uploader/uploader.ts';
export type { FileStore, UploadContent, UploadedFileColumns } from './uploader/uploader.ts';

export { checksumFromBytes, checksumToBytes, sha256File } from './verification/checksum.ts';
export type { VerificationStateColumns } from './verification/verification-columns.ts';
export { VerificationTable } from './verification/verification-table.ts';

// Structured logs (pino): a site's logger and the context of the job a line belongs to.
export {
  createLogger,
  currentLogContext,
  DEFAULT_LOG_LEVEL,
  InvalidLogLevelError,
  LOG_LEVEL_ENV,
  LOG_LEVELS,
  logLevelFrom,
  newCorrelationId,
  parseLogLine,
  SILENT_LOGGER,
  withLogContext,
} from './log/logger.ts';
export type { GeoLogger, LogContext, LoggerOptions, LogLevel } from './log/logger.ts';

// Jobs (in-process or BullMQ), transfer between sites, the log cursor, workers and status.
export * from './jobs/index.ts';
export { redisConnection } from './jobs/redis-connection.ts';
export * from './transfer/index.ts';
export type { BlobDownloadResult } from './replicator/blob-replicator.ts';
export { ExclusiveLease } from './leases/exclusive-lease.ts';
export { LogCursor, LOG_CURSOR_LEASE_KEY } from './log-cursor/log-cursor.ts';
export type { CursorCycle, LogCursorOptions } from './log-cursor/log-cursor.ts';
export type { LoggedEvent } from './log-cursor/event-log.ts';
export { handleEvent } from './log-cursor/event-handler.ts';
export type { EventJobData, EventOutcome } from './log-cursor/event-handler.ts';
export { reconcileAllRegistries, reconcileRegistries } from './workers/registry-consistency.ts';
export { nextSyncTargets, syncCapacity } from './workers/registry-sync-scheduler.ts';
export type { SyncBacklog, SyncTarget } from './workers/registry-sync-scheduler.ts';
export { sweepTimeouts } from './workers/timeouts.ts';
export { verifyReplicator } from './workers/verification.ts';
export {
  collectSiteStatus,
  statusFields,
  storedSiteStatus,
  updateSiteStatus,
} from './status/site-status.ts';
export type { SiteStatus, StatusFields } from './status/site-status.ts';
export type {
  ReplicableStatus,
  StatusFieldValue,
  VerificationStatus,
} from './status/replicable-status.ts';
export { StatusMetrics } from './status/prometheus.ts';
export type { MetricSite } from './status/prometheus.ts';
