import type { FileFormat } from '../connectors/index.js'
import type { SliceJob, SliceSource } from '../stage/index.js'
import type { RunnableStage } from './runnable-stage.js'
import type { StageRunContext } from './stage-run-context.js'

const EXT: Readonly<Record<FileFormat, string>> = {
  csv: 'csv',
  jsonl: 'jsonl',
  json: 'json',
  parquet: 'parquet',
}

/** Whether a stage has the built-in `mask` step, the only one that uses the herd's mask key. */
export function masks(stage: RunnableStage): boolean {
  return stage.steps.some((s) => s.kind === 'builtin' && s.name === 'mask')
}

/** The job of one slice of a stage: self-contained, it crosses into the sandbox as JSON. */
export function sliceJobFor(
  stage: RunnableStage,
  ctx: StageRunContext,
  slice: {
    sources: readonly SliceSource[]
    sinkFormats: readonly FileFormat[]
    attempt: number
    index: number
    parts: number
  },
): SliceJob {
  const { index, parts, sinkFormats } = slice
  return {
    runId: ctx.runId,
    stageId: stage.id,
    sliceIndex: index,
    attempt: slice.attempt,
    sources: slice.sources,
    steps: stage.steps.map((s) =>
      s.kind === 'exec'
        ? { ...s, cwd: ctx.baseDir }
        : s.kind === 'module'
          ? { ...s, module: ctx.stepBundles?.get(s.module) ?? s.module }
          : s,
    ),
    contract: stage.contract.model,
    ...(stage.inputContract ? { inputContract: stage.inputContract.model } : {}),
    // Relative to the slice's own staging folder, which the launcher creates.
    sinks: stage.sinks.map((s, k) => ({
      uri: s.uri,
      stagingPath: `${k}.${EXT[sinkFormats[k]!]}`,
      format: sinkFormats[k]!,
      ...(s.when !== undefined ? { when: s.when } : {}),
      ...(s.role !== undefined ? { role: s.role } : {}),
    })),
    params: ctx.params,
    // Only a stage that masks (its `mask` step, and its dead letters: see maskRejected) gets
    // the herd's key; any other slice's steps never see it.
    maskKey: masks(stage) ? ctx.maskKey : '',
    ...(parts > 1
      ? {
          partition: {
            ...(stage.partition?.by ? { by: stage.partition.by } : {}),
            n: parts,
            index,
          },
        }
      : {}),
  }
}
