// The engine's public API, listed: what the CLI, the bench and (later) the server and agents use.
// Everything else is internal to the engine; the sub-folder indexes are for the engine itself.

// Running a plan: the runner, its ports and what it reports.
export { runPipeline } from './run/run-pipeline.js'
export type { RunPipelineOptions, RunResult } from './run/run-pipeline.js'
export type {
  RunLedger,
  StageRunStats,
  StageLineageEvent,
  LineageUse,
  DatasetCatalog,
  DatasetVersion,
  CacheKeyParts,
  CacheHit,
  PendingFile,
  StageCommit,
} from './ports/index.js'
export { NO_GRANTS } from './run/herd-grants.js'
export type { HerdGrants } from './run/herd-grants.js'
export { StageOutcome } from './run/run-events.js'
export type { RunEvent, StageSummary } from './run/run-events.js'
export type { StageStats } from './run/stage-stats.js'
export type { CommittedOutput } from './run/commit-outputs.js'
export { stagesFromPlan, PlanRunCodes } from './run/stages-from-plan.js'
export type { ContractLookup } from './run/stages-from-plan.js'
export type {
  RunnableStage,
  RunnableStep,
  RetryPolicy,
  StageResources,
} from './run/runnable-stage.js'
export { evaluateAsserts } from './run/evaluate-asserts.js'

// Slices: the runner that launches them, and what a run needs around them.
export { createSliceRunner } from './run/sandbox-slice-runner.js'
export type { SliceRunnerOptions } from './run/sandbox-slice-runner.js'
export type {
  SliceGrants,
  SliceRunner,
  SliceOutcome,
  SliceWatch,
  SliceEnd,
} from './run/slice-runner.js'
export { egressSteps } from './run/egress-steps.js'
export { sliceHostPath } from './run/slice-host-path.js'
export { SLICE_NODE_FLAGS } from './run/slice-node-flags.js'
export { claimRunStaging, sweepDeadStaging } from './run/run-staging.js'
export type { RunStaging, SweepResult } from './run/run-staging.js'
export { loadMaskKey } from './run/mask-key.js'
export { confinedPath, PathCodes } from './run/confined-path.js'
export type { AllowedFolder, PathScope } from './run/confined-path.js'

// Inside a slice: the step runtime.
export { runSlice } from './stage/run-slice.js'
export type { RunSliceOptions } from './stage/run-slice.js'
export type { SliceJob, SliceReport } from './stage/slice-job.js'
export { defineStep } from './stage/define-step.js'
export type { StepDefinition, StepContext } from './stage/define-step.js'
export { StageError, StageCodes } from './stage/stage-error.js'
export { describeReasons } from './stage/invalid-reasons.js'
export type { InvalidReason } from './stage/invalid-reasons.js'

// Reading data: the connectors `runi contract validate` and `runi synth` use.
export { readRecords, formatOfPath, defaultModeOf } from './connectors/read-records.js'
export { readParquet } from './connectors/parquet-source.js'
export { eachRecord } from './connectors/record-batch.js'
export type { DataRecord, RecordBatches } from './connectors/record-batch.js'
export type { CsvOptions } from './connectors/csv-options.js'
export { invalidAsRead, hasInvalidAsRead } from './connectors/invalid-as-read.js'
export { SourceError, ConnectorCodes } from './connectors/source-error.js'

// SQL steps, checked before a run (`runi check`).
export { checkSql } from './sql/lazy-check-sql.js'
export type { CheckSqlOptions, SqlProblem } from './sql/check-sql.js'
export { tableNameOf } from './sql/table-name-of.js'
export { SqlError, SqlCodes } from './sql/sql-error.js'
