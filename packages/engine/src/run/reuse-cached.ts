import { mkdir } from 'node:fs/promises'
import type { CacheHit } from '@runink/store'
import { restoreFileOutput, type CommittedOutput } from './commit-outputs.js'
import type { RunnableStage } from './runnable-stage.js'
import { sinkTarget } from './sink-target.js'
import type { StageRunContext } from './stage-run-context.js'

/** The outputs of an identical earlier run, with file sinks rewritten if they were deleted. */
export async function reuseCached(
  stage: RunnableStage,
  ctx: StageRunContext,
  hit: CacheHit,
  stageDir: string,
): Promise<CommittedOutput[]> {
  const outputs: CommittedOutput[] = []
  for (const version of hit.outputs) {
    const sink = stage.sinks.find((s) => {
      const t = sinkTarget(s.uri, ctx)
      return (t.kind === 'dataset' ? t.name : t.datasetName) === version.name
    })
    if (!sink) continue
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
