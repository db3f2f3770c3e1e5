import type { Contract } from '@runink/contracts'
import type { Barn } from '../barn.js'
import type { LineageAssertion, LineageEventType } from '../lineage/build-run-event.js'
import { herdNamespace, olDatasetName } from '../lineage/dataset-naming.js'

/** A dataset a stage read or wrote, by URI, as the engine reports it for lineage. */
export interface StageLineageUse {
  readonly uri: string
  readonly contract?: Contract
  readonly assertions?: readonly LineageAssertion[]
  readonly statistics?: {
    readonly rowCount?: number
    readonly size?: number
    readonly fileCount?: number
  }
}

/** One stage run's lineage event as the engine reports it (its run ledger port's input). */
export interface StageLineageInput {
  readonly eventType: LineageEventType
  readonly eventTime: Date
  readonly runId: string
  readonly stageRunId: string
  readonly job: string
  readonly stage: string
  readonly herd: string
  readonly baseDir: string
  readonly inputs: readonly StageLineageUse[]
  readonly outputs?: readonly StageLineageUse[]
  readonly error?: string
}

/**
 * The Barn as the engine's run ledger (`RunLedger` of `@runink/engine`): plans, runs, stage runs
 * and slices with their transitions, logs, and lineage, where the engine's URIs get their
 * OpenLineage names (a herd's namespace for datasets, absolute paths for files).
 */
export function barnRunLedger(barn: Barn) {
  return {
    plans: barn.plans,
    runs: barn.runs,
    stages: barn.stages,
    logs: barn.logs,
    lineage: {
      stageEvent(event: StageLineageInput) {
        const naming = { herd: event.herd, baseDir: event.baseDir }
        const named = ({ uri, ...rest }: StageLineageUse) => ({
          ...olDatasetName(uri, naming),
          ...rest,
        })
        const namespace = herdNamespace(event.herd)
        return barn.lineage.emit(
          {
            eventType: event.eventType,
            eventTime: event.eventTime,
            runId: event.stageRunId,
            job: { namespace, name: `${event.job}.${event.stage}` },
            parent: { runId: event.runId, job: { namespace, name: event.job } },
            inputs: event.inputs.map(named),
            ...(event.outputs ? { outputs: event.outputs.map(named) } : {}),
            ...(event.error !== undefined ? { error: { message: event.error } } : {}),
          },
          event.runId,
        )
      },
    },
  }
}
