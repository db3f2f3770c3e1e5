import type { StageOutcome } from '@runink/core'
import type { StageStats } from './stage-stats.js'
import type { CommittedOutput } from './commit-outputs.js'

/** Final status of a stage in a run (the vocabulary lives in core). */
export { StageOutcome } from '@runink/core'

/** What happened to one stage, for the summary. */
export interface StageSummary {
  readonly id: string
  readonly name: string
  readonly status: StageOutcome
  readonly stats?: StageStats
  readonly outputs: readonly CommittedOutput[]
  readonly attempts: number
  /** Why it did not succeed: the message, its stable error code, and whether a retry may help. */
  readonly error?: string
  readonly code?: string
  readonly retryable?: boolean
  readonly isolation?: string
  readonly durationMs: number
}

/** An event as the runner makes it; it goes out as a RunEvent, with the protocol's version. */
export type RunEventBody =
  | { readonly type: 'run-started'; readonly runId: string; readonly stages: readonly string[] }
  | {
      readonly type: 'stage-started'
      readonly stage: string
      readonly slices: number
      readonly attempt: number
      /** Steps of the stage its herd grants network egress to (its slices get the network). */
      readonly egress?: readonly string[]
    }
  | {
      readonly type: 'stage-progress'
      readonly stage: string
      readonly recordsIn: number
      readonly recordsOut: number
      readonly invalid: number
    }
  | {
      readonly type: 'stage-retrying'
      readonly stage: string
      readonly attempt: number
      readonly delayMs: number
      readonly error: string
    }
  | { readonly type: 'stage-finished'; readonly summary: StageSummary }
  | { readonly type: 'warning'; readonly message: string }

/**
 * Progress of a run, as it happens (the CLI renders these): `@runink/protocol`'s run event,
 * version 1 (`runEventSchema` checks one wherever it arrives from another process).
 */
export type RunEvent = RunEventBody & { readonly version: 1 }
