import type { Isolation, RunPin, RunStatus } from '@runink/core'
import type { Contract } from '@runink/contracts'
import type { StageLineageEvent, StageRunStats } from '@runink/protocol'
import type { RunEnd } from '@runink/lifecycle'

/**
 * The engine's port for run state: the plan and run, each stage run and slice with their
 * statuses (core's vocabulary and transition table), counts, logs and lineage. Locally the
 * Barn (store's `barnRunLedger`); for an agent, the control plane over HTTP.
 */
export interface RunLedger {
  readonly plans: {
    put(
      plan: unknown,
      meta: { name: string; herd: string; actor?: string },
    ): Promise<{ hash: string }>
  }
  readonly runs: {
    create(input: {
      planHash: string
      herd: string
      /** Source URI → the dataset version (`dataset://x@3`) read as it was at run start. */
      inputs: Readonly<Record<string, string>>
      parameters: Readonly<Record<string, string>>
      stepCodeHashes: Readonly<Record<string, string>>
      actor?: string
    }): Promise<{ run: { id: string } }>
    start(id: string, actor?: string): Promise<unknown>
    finish(
      id: string,
      status: RunEnd,
      options: { error?: string; actor?: string },
    ): Promise<unknown>
    /** Records the exact versions and bytes a stage's sources were bound to. */
    pin(runId: string, pins: readonly RunPin[]): Promise<void>
  }
  readonly stages: {
    create(input: { runId: string; stage: string; nodeHash: string }): Promise<{ id: string }>
    transition(id: string, to: RunStatus, options?: { error?: string }): Promise<unknown>
    recordStats(id: string, stats: StageRunStats): Promise<void>
    createSlice(input: {
      stageRunId: string
      partition: number
      attempt: number
      startedWith: Isolation
    }): Promise<{ id: string }>
    finishSlice(
      id: string,
      status: RunStatus,
      counts: { recordsIn?: number; recordsOut?: number; recordsInvalid?: number; error?: string },
    ): Promise<unknown>
  }
  readonly logs: {
    append(
      sliceId: string,
      lines: ReadonlyArray<{ stream: 'stdout' | 'stderr'; line: string }>,
    ): Promise<unknown>
  }
  readonly lineage: {
    /** Records (and may post) a stage's event; a failure never fails the stage. */
    stageEvent(event: StageLineageEvent<Contract>): Promise<unknown>
  }
}
