export type { RunnableStage, RunnableStep, RetryPolicy, StageResources } from './runnable-stage.js'
export { runPipeline } from './run-pipeline.js'
export type { RunPipelineOptions, RunResult } from './run-pipeline.js'
export { NO_GRANTS } from './herd-grants.js'
export type { HerdGrants } from './herd-grants.js'
export type { RunEvent, StageSummary } from './run-events.js'
export { StageOutcome } from './run-events.js'
export type {
  SliceGrants,
  SliceRunner,
  SliceOutcome,
  SliceWatch,
  SliceEnd,
} from './slice-runner.js'
export { egressSteps } from './egress-steps.js'
export { sliceHostPath } from './slice-host-path.js'
export { SLICE_NODE_FLAGS } from './slice-node-flags.js'
export { stageStats } from './stage-stats.js'
export type { StageStats } from './stage-stats.js'
export { evaluateAsserts } from './evaluate-asserts.js'
export type { CommittedOutput } from './commit-outputs.js'
export { stagesFromPlan, PlanRunCodes } from './stages-from-plan.js'
export type { ContractLookup } from './stages-from-plan.js'
export { loadMaskKey } from './mask-key.js'
export { confinedPath, PathCodes } from './confined-path.js'
export type { AllowedFolder, PathScope } from './confined-path.js'
export { createSliceRunner } from './sandbox-slice-runner.js'
export type { SliceRunnerOptions } from './sandbox-slice-runner.js'
export { claimRunStaging, sweepDeadStaging } from './run-staging.js'
export type { RunStaging, SweepResult } from './run-staging.js'
