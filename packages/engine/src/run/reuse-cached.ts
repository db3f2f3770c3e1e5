import { mkdir } from 'node:fs/promises'
import type { CacheHit, DatasetVersion } from '@runink/store'
import { restoreFileOutput, type CommittedOutput } from './commit-outputs.js'
import type { RunnableStage } from './runnable-stage.js'
import { sinkTarget } from './sink-target.js'
import type { StageRunContext } from './stage-run-context.js'

/**
 * The outputs of an identical earlier run, with file sinks rewritten from the object store.
 * Each is what the dataset holds after this run: when its latest version has other bytes (a
 * later run wrote something else), the cached bytes are published again as a new version of
 * this run, so `dataset://name` means what this run computed, as it would had the stage run.
 */
export async function reuseCached(
  stage: RunnableStage,
  ctx: StageRunContext,
  hit: CacheHit,
  stageDir: string,
  stageRunId: string,
): Promise<CommittedOutput[]> {
  const outputs: CommittedOutput[] = []
  for (const cached of hit.outputs) {
    const sink = stage.sinks.find((s) => {
      const t = sinkTarget(s.uri, ctx)
      return (t.kind === 'dataset' ? t.name : t.datasetName) === cached.name
    })
    if (!sink) continue
    const version = await current(ctx, cached, stageRunId)
    const target = sinkTarget(sink.uri, ctx)
    const invalid = sink.acceptsInvalid ?? sink.when !== undefined
    if (target.kind === 'file') {
      await mkdir(stageDir, { recursive: true })
      await restoreFileOutput(ctx.barn, version, target.path, stageDir)
      outputs.push({ uri: sink.uri, version, path: target.path, invalid })
    } else outputs.push({ uri: sink.uri, version, invalid })
  }
  return outputs
}

/** The latest version of the cached output's dataset when it holds the same bytes, else a new one. */
async function current(
  ctx: StageRunContext,
  cached: DatasetVersion,
  stageRunId: string,
): Promise<DatasetVersion> {
  const latest = await ctx.barn.datasets
    .resolve(`dataset://${cached.name}`, ctx.herd)
    .catch((error: unknown) => {
      // A dataset with no version in this herd yet: the cached bytes become its first.
      if ((error as { code?: string }).code === 'RUNINK_STORE_NOT_FOUND') return undefined
      throw error
    })
  if (latest?.contentHash === cached.contentHash) return latest
  return ctx.barn.datasets.publish({
    name: cached.name,
    objectKey: cached.objectKey,
    format: cached.format,
    recordCount: cached.recordCount,
    contractHash: cached.contractHash,
    herd: ctx.herd,
    runId: ctx.runId,
    stageRunId,
  })
}
