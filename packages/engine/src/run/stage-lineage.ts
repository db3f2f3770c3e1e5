import type { LineageDataset, LineageEventType } from '@runink/store'
import { olDatasetName } from '@runink/store'
import type { StageRunContext } from './stage-run-context.js'

/** Emits a stage's OpenLineage event (never failing the stage: lineage must not block runs). */
export async function emitStageEvent(
  ctx: StageRunContext,
  stage: { readonly id: string; readonly runId: string },
  eventType: LineageEventType,
  data: { inputs: readonly string[]; outputs?: readonly LineageDataset[]; error?: string },
): Promise<void> {
  const namespace = `runink://${ctx.herd}`
  await ctx.barn.lineage
    .emit(
      {
        eventType,
        eventTime: new Date(),
        runId: stage.runId,
        job: { namespace, name: `${ctx.job}.${stage.id}` },
        parent: { runId: ctx.runId, job: { namespace, name: ctx.job } },
        inputs: data.inputs.map((uri) =>
          olDatasetName(uri, { herd: ctx.herd, baseDir: ctx.baseDir }),
        ),
        ...(data.outputs ? { outputs: data.outputs } : {}),
        ...(data.error !== undefined ? { error: { message: data.error } } : {}),
      },
      ctx.runId,
    )
    .catch(() => undefined)
}
