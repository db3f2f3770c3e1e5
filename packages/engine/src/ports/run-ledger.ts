import type { Isolation, RunPin, RunStatus } from '@runink/core'
import type { Contract } from '@runink/contracts'
import type { RunEnd } from '@runink/lifecycle'

/**
 * A stage's counts and evidence as the ledger keeps them: counts that reconcile
 * (`in + added = valid + invalid + filtered`), its sinks' counts, its steps' metrics, the top
 * reasons records were invalid and, for a failed stage, the first invalid records.
 */
export interface StageRunStats {
  readonly in: number
  readonly out: number
  readonly valid: number
  readonly invalid: number
  readonly filtered: number
  readonly added: number
  readonly unrouted: number
  readonly sinks: Readonly<Record<string, number>>
  readonly metrics: Readonly<Record<string, number>>
  readonly reasons: ReadonlyArray<{
    readonly field: string
    readonly rule: string
    readonly label: string
    readonly count: number
  }>
  readonly sample?: readonly unknown[]
}

/** A dataset a stage read or wrote, for lineage: by URI; the ledger names it (OpenLineage). */
export interface LineageUse {
  readonly uri: string
  readonly contract?: Contract
  readonly assertions?: ReadonlyArray<{
    readonly assertion: string
    readonly success: boolean
    readonly actual?: string
  }>
  readonly statistics?: {
    readonly rowCount?: number
    readonly size?: number
    readonly fileCount?: number
  }
}

/** One stage run's lineage event: START, then COMPLETE or FAIL. */
export interface StageLineageEvent {
  readonly eventType: 'START' | 'COMPLETE' | 'FAIL'
  readonly eventTime: Date
  /** The pipeline run. */
  readonly runId: string
  /** The stage run (a job run inside the pipeline run). */
  readonly stageRunId: string
  /** The pipeline's job name (the feature's name); the stage's is `<job>.<stage>`. */
  readonly job: string
  readonly stage: string
  readonly herd: string
  /** Where relative file URIs start (file datasets are named by absolute path). */
  readonly baseDir: string
  readonly inputs: readonly LineageUse[]
  readonly outputs?: readonly LineageUse[]
  readonly error?: string
}

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
    stageEvent(event: StageLineageEvent): Promise<unknown>
  }
}
