export { openBarn, BARN_DIR } from './barn.js'
export type { Barn, BarnConfig } from './barn.js'
export { StoreErrors } from './errors.js'
export type { DatabaseKind } from './db/barn-database.js'
export type { BarnSchema } from './db/schema.js'
export { MIGRATIONS } from './migrations/index.js'
export type { Migration } from './migrations/index.js'
export type {
  ObjectStore,
  ObjectStat,
  PutResult,
  ObjectBody,
  ObjectCheck,
  ObjectLabel,
  GetOptions,
} from './objects/object-store.js'
export { ContentAddressedStore } from './objects/content-addressed-store.js'
export { FolderObjectStore } from './objects/folder-object-store.js'
export { S3ObjectStore } from './objects/s3-object-store.js'
export type { S3ObjectStoreOptions } from './objects/s3-object-store.js'
export { RunStatus, isTerminal } from './repos/runs/status.js'
export { DEFAULT_HERD, HerdsRepo } from './repos/governance/herds-repo.js'
export type { EgressGrant, Herd, PathGrant } from './repos/governance/herds-repo.js'
export { TokensRepo, LAST_USED_EVERY_MS } from './repos/identity/tokens-repo.js'
export type { ApiToken, CreateApiToken, CreatedApiToken } from './repos/identity/tokens-repo.js'
export { UsersRepo, userActor } from './repos/identity/users-repo.js'
export type { User, UserIdentity } from './repos/identity/users-repo.js'
export { MembersRepo } from './repos/identity/members-repo.js'
export type { Member, UserRoles } from './repos/identity/members-repo.js'
export { SessionsRepo, SESSION_PREFIX } from './repos/identity/sessions-repo.js'
export type { UserSession } from './repos/identity/sessions-repo.js'
export { RunTokensRepo, RUN_TOKEN_PREFIX } from './repos/identity/run-tokens-repo.js'
export type { RunToken } from './repos/identity/run-tokens-repo.js'
export { ServerKeysRepo } from './repos/identity/server-keys-repo.js'
export { RolesRepo, PERMISSION } from './repos/identity/roles-repo.js'
export type { CustomRole } from './repos/identity/roles-repo.js'
export { PipelinesRepo } from './repos/runs/pipelines-repo.js'
export type { Pipeline, RegisterPipeline } from './repos/runs/pipelines-repo.js'
export { ContractsRepo } from './repos/contracts/contracts-repo.js'
export type { ContractName, StoredContract } from './repos/contracts/contracts-repo.js'
export { PlansRepo } from './repos/runs/plans-repo.js'
export type { StoredPlan } from './repos/runs/plans-repo.js'
export { RunsRepo } from './repos/runs/runs-repo.js'
export type { Run, RunSpec, CreateRun } from './repos/runs/runs-repo.js'
export { PinKind } from '@runink/core'
export type { RunPin } from '@runink/core'
export { StagesRepo } from './repos/runs/stages-repo.js'
export type { StageRun, StageRunStats, Slice, SliceCounts } from './repos/runs/stages-repo.js'
export { LogsRepo, LogStream } from './repos/runs/logs-repo.js'
export type { LogLine, FollowOptions } from './repos/runs/logs-repo.js'
export { DatasetsRepo } from './repos/datasets/datasets-repo.js'
export type { DatasetVersion, DatasetSummary } from './repos/datasets/dataset-version.js'
export type { PublishVersion } from './repos/datasets/publish-versions.js'
export type {
  DatasetVerifyFilter,
  DatasetVerification,
  BadVersion,
} from './repos/datasets/datasets-repo.js'
export { parseDatasetRef, formatDatasetRef } from '@runink/core'
export type { DatasetRef } from '@runink/core'
export { CacheRepo, cacheKey } from './repos/datasets/cache-repo.js'
export { StageCommitsRepo } from './repos/datasets/stage-commits-repo.js'
export type { PendingFile, StageCommit } from './repos/datasets/stage-commits-repo.js'
export type { RecoveredFile } from './repos/datasets/recover-file-commits.js'
export type { CacheKeyParts, CacheHit, StageCacheKey } from './repos/datasets/cache-repo.js'
export type { RunDetail, RecordCounts } from './repos/runs/run-detail.js'
export { AuditRepo } from './audit/audit-repo.js'
export type { AuditInput, AuditQuery, AuditVerification, SealCheck } from './audit/audit-repo.js'
export { AuditSeal } from './audit/audit-seal.js'
export { osActor } from './audit/os-actor.js'
export { tightenBarnModes, BARN_DIR_MODE, BARN_FILE_MODE } from './barn-modes.js'
export { auditHash, GENESIS_HASH } from './audit/audit-entry.js'
export type { AuditEntry, AuditRecord } from './audit/audit-entry.js'
export { redact, REDACTED } from './audit/redact.js'
export { LineageRepo, LineageDirection } from './lineage/lineage-repo.js'
export type { LineageGraph, LineageNode } from './lineage/lineage-repo.js'
export { buildRunEvent, LineageEventType } from './lineage/build-run-event.js'
export type {
  RunEvent,
  RunEventInput,
  LineageDataset,
  LineageAssertion,
  FieldMapping,
} from './lineage/build-run-event.js'
export { olDatasetName, herdNamespace } from './lineage/dataset-naming.js'
export type { OlName } from './lineage/dataset-naming.js'
export { schemaFacet } from './lineage/schema-facet.js'
export { PRODUCER, RUN_EVENT_SCHEMA_URL, FACET_SCHEMA_URLS } from './lineage/openlineage-spec.js'
export { LineagePoster } from './lineage/lineage-poster.js'
export type { LineagePosterOptions } from './lineage/lineage-poster.js'
export type { LockHolder } from './lock/home-lock.js'
export { lockHolderOf, describeLockHolder } from './lock/home-lock.js'
export { barnExists } from './barn-exists.js'
export type { BarnLocation } from './barn-exists.js'
