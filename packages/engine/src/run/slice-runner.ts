import type { Isolation } from '@runink/core'
import type { SliceExitReason } from '@runink/sandbox'
import type { SliceFailureReport, SliceJob, SliceReport } from '../stage/index.js'
import type { StageResources } from './runnable-stage.js'

/** Why a slice ended the way it did: the sandbox's vocabulary. */
export type SliceEnd = SliceExitReason

/** How a slice run ended, with the isolation actually used. */
export type SliceOutcome =
  | {
      readonly ok: true
      /**
       * What the slice reported, checked against its schema; its sinks are the job's one for
       * one (staging paths relative to `stagingDir`, as the job named them).
       */
      readonly report: SliceReport
      readonly isolation: Isolation
      readonly peakMemoryBytes?: number
      /** The slice's staging folder: outputs wait there until committed; removed after. */
      readonly stagingDir?: string
    }
  | {
      readonly ok: false
      readonly end: SliceEnd
      readonly code: string
      readonly message: string
      readonly isolation: Isolation
      /** A retry may help (crash, kill, timeout); a contract or assert failure will not. */
      readonly retryable: boolean
      readonly stagingDir?: string
      /** The counts and evidence the slice reported with its error (schema-checked). */
      readonly report?: SliceFailureReport
    }

/** Callbacks a runner calls while a slice runs. */
export interface SliceWatch {
  readonly signal?: AbortSignal
  onLog?(line: string, stream: 'stdout' | 'stderr'): void
  onProgress?(counts: { recordsIn: number; recordsOut: number; invalid: number }): void
}

/** What a slice may do beyond its sandbox's defaults: its herd's grants to its steps. */
export interface SliceGrants {
  /** Network egress (the host's network instead of a private one with only loopback). */
  readonly network: boolean
}

/** Runs slice jobs in separate processes (sandboxed or not): the engine's launch port. */
export interface SliceRunner {
  /** What this runner isolates slices with, as it will be recorded. */
  readonly isolation: Isolation
  /** Warnings to show the user once (e.g. "no namespaces: slices are not isolated"). */
  readonly warnings: readonly string[]
  /** Processes of its own that slices live in (the supervisor), for staging ownership. */
  readonly pids?: readonly number[]
  run(
    job: SliceJob,
    resources: StageResources,
    watch: SliceWatch,
    grants?: SliceGrants,
  ): Promise<SliceOutcome>
  close(): Promise<void>
}
