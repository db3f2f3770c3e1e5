// Error codes: the static per-package tables and the one code → HTTP status / exit code table.
export { ErrorKind, KIND_SURFACES, codesOf } from './codes/error-kind.js'
export type { CodeTable, ErrorSurface } from './codes/error-kind.js'
export { CODE_TABLES, ERROR_CODES, surfaceOf, listErrorCodes } from './codes/error-codes.js'
export type { ErrorCode, ErrorCodeEntry } from './codes/error-codes.js'
export { ContractLoadCodes, ValidateCodes, MaskCodes } from './codes/contracts-codes.js'
export { SynthCodes } from './codes/synth-codes.js'
export { DslCodes } from './codes/dsl-codes.js'
export type { DslCode } from './codes/dsl-codes.js'
export { LifecycleCodes } from './codes/lifecycle-codes.js'
export { StoreErrors } from './codes/store-codes.js'
export { SandboxCodes } from './codes/sandbox-codes.js'
export {
  SqlCodes,
  ConnectorCodes,
  StageCodes,
  StageRunCodes,
  PlanRunCodes,
  CacheKeyCodes,
  PinCodes,
  SliceCodes,
  SliceExitCodes,
  sliceExitCode,
  PathCodes,
} from './codes/engine-codes.js'
export type { SliceCode } from './codes/engine-codes.js'
export { CliCodes } from './codes/cli-codes.js'
export { ServerCodes } from './codes/server-codes.js'

// Messages: every cross-process shape with its { version, type } and schema.
export { ProtocolCodes, PROTOCOL_CODE_KINDS } from './messages/protocol-codes.js'
export type { ProtocolCode } from './messages/protocol-codes.js'
export { messageFields, messageSchema } from './messages/message-fields.js'
export {
  ProtocolError,
  parseMessage,
  parseMessageLine,
  fieldPath,
} from './messages/parse-message.js'
export type { Parsed, ProtocolErrorDetails } from './messages/parse-message.js'
export {
  sliceProgressSchema,
  sliceProgressLine,
  SLICE_PROGRESS_PREFIX,
} from './messages/slice-progress.js'
export type { SliceProgress } from './messages/slice-progress.js'
export {
  sliceResultSchema,
  sliceReportSchema,
  sliceFailureReportSchema,
  SLICE_RESULT,
} from './messages/slice-result.js'
export type {
  SliceResult,
  SliceReportMessage,
  SliceFailureReportMessage,
} from './messages/slice-result.js'
export { sliceJobSchema, SLICE_JOB } from './messages/slice-job.js'
export type { SliceJobMessage } from './messages/slice-job.js'
export { toSupervisorSchema, launchRequestSchema } from './messages/to-supervisor.js'
export type { ToSupervisor } from './messages/to-supervisor.js'
export {
  fromSupervisorSchema,
  launchedSliceSchema,
  wireErrorSchema,
  sliceExitSchema,
} from './messages/from-supervisor.js'
export type {
  FromSupervisor,
  LaunchedSlice,
  WireError,
  SliceExitMessage,
} from './messages/from-supervisor.js'
export { runEventSchema, stageSummarySchema } from './messages/run-event.js'
export { runStatusSchema, RUN_STATUS } from './messages/run-status.js'
export type { RunStatusMessage } from './messages/run-status.js'
export type { RunEventMessage, StageSummaryMessage } from './messages/run-event.js'
export { planSchema, PLAN_FORMAT_VERSION } from './messages/plan.js'
export type { PlanMessage } from './messages/plan.js'
export { barnRequestSchema, BARN_REQUEST } from './messages/barn-request.js'
export type { BarnRequest } from './messages/barn-request.js'
export { barnReplySchema } from './messages/barn-reply.js'
export type { BarnReply } from './messages/barn-reply.js'

// What the engine's ports exchange with a run ledger and a dataset catalog (the Barn locally,
// the control plane for an agent).
export type { StageRunStats } from './ports/stage-run-stats.js'
export type { CacheKeyParts } from './ports/cache-key-parts.js'
export type { PendingFile } from './ports/pending-file.js'
export type { DatasetVersion } from './ports/dataset-version.js'
export type { LineageUse, StageLineageEvent } from './ports/stage-lineage-event.js'
export { apiErrorSchema } from './api/api-error.js'
export type { ApiError } from './api/api-error.js'
export { pageQuerySchema, pageOf } from './api/api-page.js'
export { apiHerdSchema, herdCreateSchema, herdNameSchema } from './api/api-herd.js'
export type { ApiHerd } from './api/api-herd.js'
export { apiTokenSchema, tokenCreateSchema, tokenCreatedSchema } from './api/api-token.js'
export type { ApiToken } from './api/api-token.js'
export {
  apiMemberSchema,
  apiUserSchema,
  memberSetSchema,
  roleNameSchema,
  userIdSchema,
} from './api/api-member.js'
export { apiRoleSchema, permissionSchema, roleDefineSchema } from './api/api-role.js'
export type { ApiRole } from './api/api-role.js'
export type { ApiMember, ApiUser } from './api/api-member.js'
export { apiMeSchema } from './api/api-me.js'
export type { ApiMe } from './api/api-me.js'
export {
  authCallbackQuerySchema,
  authLoginQuerySchema,
  authLogoutSchema,
  authTokenRequestSchema,
  authTokenSchema,
} from './api/api-auth.js'
export type { AuthToken, AuthTokenRequest } from './api/api-auth.js'
export { runTokenCreateSchema, runTokenCreatedSchema } from './api/api-run-token.js'
export type { RunTokenCreated } from './api/api-run-token.js'
export { apiRunSchema, apiRunStatusSchema, runStatusFilterSchema } from './api/api-run.js'
export type { ApiRun } from './api/api-run.js'
export {
  apiDatasetSchema,
  apiDatasetVersionSchema,
  apiDatasetSampleSchema,
  CONTENT_HASH_HEADER,
  datasetPushQuerySchema,
  datasetSampleQuerySchema,
} from './api/api-dataset.js'
export type { ApiDataset, ApiDatasetSample, ApiDatasetVersion } from './api/api-dataset.js'
export { healthSchema } from './api/api-health.js'
export {
  apiAuditEntrySchema,
  auditExportQuerySchema,
  auditFilterSchema,
  auditVerificationSchema,
} from './api/api-audit.js'
export type { ApiAuditEntry } from './api/api-audit.js'
export {
  apiLineageGraphSchema,
  apiLineageNodeSchema,
  lineageQuerySchema,
} from './api/api-lineage.js'
export type { ApiLineageGraph } from './api/api-lineage.js'
export { runSubmitSchema, runSubmittedSchema } from './api/api-run-submit.js'
export {
  apiPipelineSchema,
  bundlePathSchema,
  pipelineBundleSchema,
  pipelineNameSchema,
  pipelineUploadedSchema,
  runPipelineRefSchema,
} from './api/api-pipeline.js'
export type { ApiPipeline, PipelineBundle, PipelineUploaded } from './api/api-pipeline.js'
export {
  apiContractDocumentSchema,
  apiContractNameSchema,
  apiContractSchema,
  contractHashSchema,
  contractNameSchema,
} from './api/api-contract.js'
export type { ApiContract, ApiContractDocument, ApiContractName } from './api/api-contract.js'
export { RunStreamEvent, runEndedSchema, runResultSchema } from './api/api-run-event.js'
export type { RunEnded, RunResultMessage } from './api/api-run-event.js'
export { apiLogLineSchema, logQuerySchema } from './api/api-log.js'
export type { ApiLogLine } from './api/api-log.js'
export type { RunSubmit } from './api/api-run-submit.js'
