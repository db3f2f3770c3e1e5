import type { Contract } from '@runink/contracts'
import type { LineageUse, StageLineageEvent } from '@runink/protocol'
import type { RunLedger } from '@runink/engine'
import { herdNamespace, olDatasetName, type Barn } from '@runink/store'

/**
 * The Barn as the engine's run ledger (`RunLedger` of `@runink/engine`): plans, runs, stage runs
 * and slices with their transitions, logs, and lineage, where the engine's URIs get their
 * OpenLineage names (a herd's namespace for datasets, absolute paths for files).
 */
export function barnRunLedger(barn: Barn): RunLedger {
  return {
    plans: barn.plans,
    runs: barn.runs,
    stages: barn.stages,
    logs: barn.logs,
    lineage: {
      stageEvent(event: StageLineageEvent<Contract>) {
        const naming = { herd: event.herd, baseDir: event.baseDir }
        const named = ({ uri, ...rest }: LineageUse<Contract>) => ({
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
