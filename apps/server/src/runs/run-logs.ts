import { RuninkError } from '@runink/core'
import { ServerCodes, type ApiLogLine } from '@runink/protocol'
import { isTerminal, type Barn, type LogLine, type Slice } from '@runink/store'

/** A slice of a run with its stage's name. */
interface NamedSlice {
  readonly slice: Slice
  readonly stage: string
}

/** The run's slices (by stage, partition and attempt), only stage `stage`'s with one. */
async function slicesOf(barn: Barn, runId: string, stage?: string): Promise<NamedSlice[]> {
  const stages = new Map((await barn.stages.ofRun(runId)).map((s) => [s.id, s.stage]))
  if (stage !== undefined && ![...stages.values()].includes(stage))
    throw new RuninkError(
      ServerCodes.RUNINK_HTTP_BAD_REQUEST,
      `run ${runId} has no stage "${stage}" (stages: ${[...stages.values()].join(', ') || 'none yet'})`,
      { details: { runId, stage } },
    )
  return (await barn.stages.slicesOfRun(runId))
    .map((slice) => ({ slice, stage: stages.get(slice.stageRunId) ?? '?' }))
    .filter((s) => stage === undefined || s.stage === stage)
}

const toApi = ({ slice, stage }: NamedSlice, l: LogLine): ApiLogLine => ({
  stage,
  slice: slice.id,
  partition: slice.partition,
  attempt: slice.attempt,
  offset: l.offset,
  at: l.at.toISOString(),
  stream: l.stream,
  line: l.line,
})

/** Where a page of a run's log starts: a slice and an offset in its log. */
export type LogPosition = readonly [sliceId: string, offset: number]

/**
 * At most `limit` lines of a run's slice logs, slice after slice (as `runi logs` prints them),
 * from `after` on, and the position of the next page (undefined when these were the last lines
 * logged so far).
 */
export async function runLogPage(
  barn: Barn,
  runId: string,
  options: { limit: number; stage?: string; after?: LogPosition },
): Promise<{ lines: ApiLogLine[]; next: LogPosition | undefined }> {
  const slices = await slicesOf(barn, runId, options.stage)
  let index = 0
  let from = 0
  if (options.after) {
    const [sliceId, offset] = options.after
    index = slices.findIndex((s) => s.slice.id === sliceId)
    if (index < 0)
      throw new RuninkError(
        ServerCodes.RUNINK_HTTP_BAD_REQUEST,
        'not a cursor this list gave: pass next_cursor back unchanged',
        { details: { runId } },
      )
    from = offset
  }
  const lines: ApiLogLine[] = []
  for (; index < slices.length; index++, from = 0) {
    const named = slices[index] as NamedSlice
    // One more than asked: whether a next page exists is known without another request.
    const read = await barn.logs.read(named.slice.id, from, options.limit + 1 - lines.length)
    lines.push(...read.lines.map((l) => toApi(named, l)))
    if (lines.length > options.limit) {
      const extra = lines.pop() as ApiLogLine
      return { lines, next: [extra.slice, extra.offset] }
    }
  }
  return { lines, next: undefined }
}

/**
 * Every line of a run's slice logs, then each new one as it is logged (polled every `pollMs`),
 * until the run has ended and all it logged has been given, or `signal` aborts.
 */
export async function* followRunLogs(
  barn: Barn,
  runId: string,
  options: { stage?: string; pollMs?: number; signal?: AbortSignal },
): AsyncGenerator<ApiLogLine> {
  const offsets = new Map<string, number>()
  for (;;) {
    // The status before the lines: a run that had ended by then has logged everything.
    const ended = isTerminal((await barn.runs.get(runId)).status)
    for (const named of await slicesOf(barn, runId, options.stage))
      for (;;) {
        if (options.signal?.aborted) return
        const { lines, next } = await barn.logs.read(named.slice.id, offsets.get(named.slice.id))
        for (const l of lines) yield toApi(named, l)
        offsets.set(named.slice.id, next)
        if (lines.length === 0) break
      }
    if (ended || options.signal?.aborted) return
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 250))
  }
}
