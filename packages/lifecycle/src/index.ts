export { decideStage, CANCELLED } from './decide-stage.js'
export type { StageDecision } from './decide-stage.js'
export { decideRun } from './decide-run.js'
export type {
  GraphNode,
  NodeState,
  RunDecision,
  RunEnd,
  RunPolicy,
  SkipReason,
} from './decide-run.js'
export { initialStageState, stageDurationMs, StagePhase } from './stage-state.js'
export type { StageEnd, StagePolicy, StageState } from './stage-state.js'
export type { StageEvent } from './stage-event.js'
export type { StageAction } from './stage-action.js'
export type { Outcome } from './outcome.js'
export { LifecycleCodes } from './lifecycle-codes.js'
export { retryDelay } from './retry-policy.js'
export type { RetryPolicy } from './retry-policy.js'
