import type { Contract } from '@runink/contracts'
import type { LineageUse, StageLineageEvent } from '../ports/index.js'
import type { StageRunContext } from './stage-run-context.js'

/** Emits a stage's OpenLineage event (never failing the stage: lineage must not block runs). */
export async function emitStageEvent(
  ctx: StageRunContext,
  stage: { readonly id: string; readonly runId: string },
  eventType: StageLineageEvent['eventType'],
  data: { inputs: readonly string[]; outputs?: readonly LineageUse<Contract>[]; error?: string },
): Promise<void> {
  await ctx.ledger.lineage
    .stageEvent({
      eventType,
      eventTime: new Date(),
      runId: ctx.runId,
      stageRunId: stage.runId,
      job: ctx.job,
      stage: stage.id,
      herd: ctx.herd,
      baseDir: ctx.baseDir,
      inputs: data.inputs.map((uri) => ({ uri })),
      ...(data.outputs ? { outputs: data.outputs } : {}),
      ...(data.error !== undefined ? { error: data.error } : {}),
    })
    .catch(() => undefined)
}
