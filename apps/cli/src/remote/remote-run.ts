import { ExitCode } from '@runink/core'
import type { RunEvent, RunResult } from '@runink/engine'
import {
  pipelineUploadedSchema,
  runSubmittedSchema,
  type RunEnded,
  type RunStatusMessage,
} from '@runink/protocol'
import type { CliIo } from '../cli-io.js'
import { eprintln, printJson, println } from '../output.js'
import { printSummary } from '../run/print-summary.js'
import { RunView } from '../run/run-view.js'
import { onStopSignal, SIGNAL_EXIT_CODES, type StopSignal } from '../signal-exit.js'
import { apiCall } from './api-call.js'
import { followRunEvents } from './follow-run-events.js'
import { pipelineBundle } from './pipeline-bundle.js'
import type { ServerProfile } from './profiles.js'

/** What `runi run --server` needs besides the server. */
export interface RemoteRunOptions {
  readonly file: string
  readonly herd: string
  readonly params: Readonly<Record<string, string>>
  readonly noCache: boolean
  readonly json: boolean
  /** Where reconnections wait; default 500 ms (tests make it short). */
  readonly retryMs?: number
}

/** The stage lines of a run the server holds no result for (it ran elsewhere, or before). */
function printStatus(io: CliIo, status: RunStatusMessage): void {
  for (const s of status.stages)
    println(
      io,
      s.status === 'cached' || s.status === 'skipped'
        ? `${s.stage}: ${s.status}`
        : `${s.stage}: ${s.status} — ${s.counts.recordsIn} in, ${s.counts.recordsOut} out, ${s.counts.recordsInvalid} invalid${s.error ? ` — ${s.error}` : ''}`,
    )
  const { run } = status
  println(io, `run ${run.id}: ${run.status}${run.error ? ` — ${run.error}` : ''}`)
}

/**
 * `runi run --server`: uploads the feature file's folder as a pipeline (the same bundle again is
 * the same version), runs that version on the server, and follows its events as a local run
 * shows them (the same live view on stderr, the same summary at the end; `--json`: the result).
 * A dropped event stream is reopened where it stopped. Ctrl-C asks the server to cancel the run
 * and waits for it to end. Exit codes as `runi run`: 0 succeeded, 1 failed, 130/143 cancelled.
 */
export async function remoteRun(
  io: CliIo,
  server: ServerProfile,
  options: RemoteRunOptions,
): Promise<number> {
  const herdPath = `/api/v1/herds/${encodeURIComponent(options.herd)}`
  const pipeline = pipelineUploadedSchema.parse(
    await apiCall(server, 'POST', `${herdPath}/pipelines`, await pipelineBundle(options.file)),
  )
  const { runId, planHash } = runSubmittedSchema.parse(
    await apiCall(server, 'POST', `${herdPath}/runs`, {
      pipeline: pipeline.name,
      version: pipeline.version,
      params: options.params,
      noCache: options.noCache,
    }),
  )
  eprintln(
    io,
    `run ${runId} of ${pipeline.name} version ${pipeline.version}${pipeline.created ? '' : ' (unchanged)'} on ${server.url}`,
  )
  const view = new RunView(io, options.json)
  let stoppedBy: StopSignal | undefined
  const offStop = onStopSignal((signal) => {
    stoppedBy = signal
    eprintln(
      io,
      `cancelling (${signal}): asking ${server.url} to cancel run ${runId} (${signal === 'SIGINT' ? 'Ctrl-C' : 'a second signal'} again to stop waiting for it)`,
    )
    apiCall(server, 'POST', `${herdPath}/runs/${runId}/cancel`).catch((error: Error) =>
      eprintln(io, `could not cancel run ${runId}: ${error.message}`),
    )
  })
  let ended: RunEnded
  try {
    ended = await followRunEvents(server, options.herd, runId, {
      onEvent: (e) => view.on(e as RunEvent),
      onReconnect: (last) =>
        eprintln(io, `the event stream dropped: reconnecting (after event ${last ?? 'none'})`),
      ...(options.retryMs === undefined ? {} : { retryMs: options.retryMs }),
    })
  } finally {
    view.close()
    offStop()
  }
  const { result, status } = ended
  if (options.json) printJson(io, result ? { ...result, planHash, pipeline } : status)
  else if (result)
    printSummary(io, result as unknown as RunResult, result.isolation, {
      home: io.cwd,
      herd: options.herd,
    })
  else printStatus(io, status)
  const final = result?.status ?? status.run.status
  if (final === 'succeeded') return ExitCode.ok
  if (final === 'cancelled' && stoppedBy) return SIGNAL_EXIT_CODES[stoppedBy]
  return ExitCode.failed
}
