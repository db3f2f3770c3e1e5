import { mkdir } from 'node:fs/promises'
import type { CacheHit, DatasetVersion } from '../ports/index.js'
import { restoreFileOutput, type CommittedOutput } from './commit-outputs.js'
import type { RunnableStage } from './runnable-stage.js'
import { sinkTarget, type SinkTarget } from './sink-target.js'
import type { StageRunContext } from './stage-run-context.js'

/**
 * Takes the outputs of an identical earlier run as this stage run's: file sinks are rewritten
 * from the object store, then, in one transaction, every output whose dataset has other bytes
 * as its latest version is published again as a version of this run (so `dataset://name`
 * means what this run computed, as it would had the stage run) and the stage run is `cached`.
 */
export async function reuseCached(
  stage: RunnableStage,
  ctx: StageRunContext,
  hit: CacheHit,
  stageDir: string,
  stageRunId: string,
): Promise<CommittedOutput[]> {
  const reused: Array<{
    sink: RunnableStage['sinks'][number]
    target: SinkTarget
    cached: DatasetVersion
  }> = []
  for (const cached of hit.outputs) {
    const sink = stage.sinks.find((s) => {
      const t = sinkTarget(s.uri, ctx)
      return (t.kind === 'dataset' ? t.name : t.datasetName) === cached.name
    })
    if (sink) reused.push({ sink, target: sinkTarget(sink.uri, ctx), cached })
  }
  for (const { target, cached } of reused) {
    if (target.kind !== 'file') continue
    await mkdir(stageDir, { recursive: true })
    await restoreFileOutput(ctx.catalog, cached, target.path, stageDir)
  }
  const versions = await ctx.catalog.cache.reuse({
    outputs: reused.map((r) => r.cached),
    herd: ctx.herd,
    runId: ctx.runId,
    stageRunId,
  })
  return reused.map(({ sink, target }, i) => {
    const invalid = sink.acceptsInvalid ?? sink.when !== undefined
    const version = versions[i]!
    return target.kind === 'file'
      ? { uri: sink.uri, version, path: target.path, invalid }
      : { uri: sink.uri, version, invalid }
  })
}
