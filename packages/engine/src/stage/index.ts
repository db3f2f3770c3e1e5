export type {
  SliceJob,
  SliceSource,
  SliceStep,
  SliceSink,
  SliceReport,
  SliceCounts,
  SliceEvidence,
  SliceFailureReport,
  SinkReport,
} from './slice-job.js'
export type { DeadLetter, DeadLetterError } from './dead-letter-envelope.js'
export type { InvalidReason } from './invalid-reasons.js'
export { describeReasons, mergeReasons, reasonLabel } from './invalid-reasons.js'
export { failureReportOf } from './run-slice.js'
export { defineStep, isStepDefinition } from './define-step.js'
export type { StepDefinition, StepContext, StepLogger } from './define-step.js'
export { runSlice } from './run-slice.js'
export type { RunSliceOptions } from './run-slice.js'
export { StageError, StageCodes } from './stage-error.js'
export { stepLoadError } from './step-load-error.js'
export { compileCel } from './cel-expression.js'
