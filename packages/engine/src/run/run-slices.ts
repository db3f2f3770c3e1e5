import type { FileFormat } from '../connectors/index.js'
import type { SliceSource } from '../stage/index.js'
import { createLogBuffer } from './log-buffer.js'
import { SliceCodes } from './slice-codes.js'
import type { RunnableStage } from './runnable-stage.js'
import { sliceJobFor } from './slice-job-for.js'
import type { SliceOutcome } from './slice-runner.js'
import type { StageRunContext } from './stage-run-context.js'

/** One slice's outcome and its Barn id. */
export interface SliceRun {
  readonly sliceId: string
  readonly outcome: SliceOutcome
  /** Its sinks' staged files, relative to its staging folder: from the job the host wrote. */
  readonly sinkFiles: readonly string[]
}

type Counts = { recordsIn: number; recordsOut: number; invalid: number }

/**
 * Runs every slice of one attempt of a stage at once, recording each in the Barn (start,
 * isolation, logs, counts, end) and reporting their summed progress.
 */
export async function runSlices(
  stage: RunnableStage,
  ctx: StageRunContext,
  attempt: {
    stageRunId: string
    number: number
    sources: readonly SliceSource[]
    sinkFormats: readonly FileFormat[]
    /** The stage's steps its herd grants network egress to (`egressSteps`). */
    egress: readonly string[]
  },
): Promise<SliceRun[]> {
  const parts = stage.partition?.n ?? 1
  const progress: Counts[] = Array.from({ length: parts }, () => ({
    recordsIn: 0,
    recordsOut: 0,
    invalid: 0,
  }))
  const report = (index: number, p: Counts): void => {
    progress[index] = p
    const sum = progress.reduce((a, b) => ({
      recordsIn: a.recordsIn + b.recordsIn,
      recordsOut: a.recordsOut + b.recordsOut,
      invalid: a.invalid + b.invalid,
    }))
    ctx.emit({ type: 'stage-progress', stage: stage.id, ...sum })
  }
  const granted = attempt.egress
  return Promise.all(
    Array.from({ length: parts }, async (_, index): Promise<SliceRun> => {
      const { ledger } = ctx
      const slice = await ledger.stages.createSlice({
        stageRunId: attempt.stageRunId,
        partition: index,
        attempt: attempt.number,
        startedWith: ctx.runner.isolation,
      })
      const job = sliceJobFor(stage, ctx, {
        sources: attempt.sources,
        sinkFormats: attempt.sinkFormats,
        attempt: attempt.number,
        index,
        parts,
      })
      const logs = createLogBuffer(ledger, slice.id)
      if (granted.length > 0)
        logs.add(`runink: network egress granted by herd ${ctx.herd} to ${granted.join(', ')}`)
      const outcome = await ctx.runner
        .run(
          job,
          stage.resources,
          {
            ...(ctx.signal ? { signal: ctx.signal } : {}),
            onLog: (line) => logs.add(line),
            onProgress: (p) => report(index, p),
          },
          { network: granted.length > 0 },
        )
        .catch((error: unknown): SliceOutcome => ({
          ok: false,
          end: 'failed',
          code: 'RUNINK_SLICE_LAUNCH_FAILED',
          message: `could not start the slice: ${error instanceof Error ? error.message : String(error)}`,
          isolation: ctx.runner.isolation,
          retryable: false,
        }))
      // The host's verdict on what the slice sent, with its stable code, for `runi logs`.
      if (!outcome.ok && outcome.code in SliceCodes)
        logs.note(`runink: ${outcome.code}: ${outcome.message}`)
      await logs.flush()
      await ledger.stages.finishSlice(
        slice.id,
        outcome.ok ? 'succeeded' : outcome.end === 'cancelled' ? 'cancelled' : 'failed',
        outcome.ok
          ? {
              recordsIn: outcome.report.recordsIn,
              recordsOut: outcome.report.recordsOut,
              recordsInvalid: outcome.report.invalid,
            }
          : { error: outcome.message },
      )
      return { sliceId: slice.id, outcome, sinkFiles: job.sinks.map((s) => s.stagingPath) }
    }),
  )
}
