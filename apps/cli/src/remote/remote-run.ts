import { ExitCode } from '@runink/core'
import { runStatusSchema, type RunStatusMessage } from '@runink/protocol'
import type { CliIo } from '../cli-io.js'
import { eprintln, printJson, println } from '../output.js'
import { apiCall } from './api-call.js'
import { pipelineBundle } from './pipeline-bundle.js'
import type { ServerProfile } from './profiles.js'

const ENDED = new Set(['succeeded', 'failed', 'cancelled', 'abandoned'])

/** What `runi run --server` needs besides the server. */
export interface RemoteRunOptions {
  readonly file: string
  readonly herd: string
  readonly params: Readonly<Record<string, string>>
  readonly noCache: boolean
  readonly json: boolean
}

/**
 * `runi run --server`: sends the feature file's folder as a bundle to the server, which runs it
 * on its host; follows the run (each stage's new status on stderr as it changes) and prints its
 * status at the end (`--json`: the run-status message). Exit 0 when it succeeded, 1 otherwise.
 */
export async function remoteRun(
  io: CliIo,
  server: ServerProfile,
  options: RemoteRunOptions,
): Promise<number> {
  const bundle = await pipelineBundle(options.file)
  const { runId } = await apiCall<{ runId: string }>(
    server,
    'POST',
    `/api/v1/herds/${options.herd}/runs`,
    { ...bundle, params: options.params, noCache: options.noCache },
  )
  eprintln(io, `run ${runId} on ${server.url}`)
  const seen = new Map<string, string>()
  let status: RunStatusMessage
  for (;;) {
    status = runStatusSchema.parse(
      await apiCall(server, 'GET', `/api/v1/herds/${options.herd}/runs/${runId}`),
    )
    for (const s of status.stages)
      if (seen.get(s.stage) !== s.status) {
        seen.set(s.stage, s.status)
        eprintln(io, `${s.stage}: ${s.status}`)
      }
    if (ENDED.has(status.run.status)) break
    await new Promise((r) => setTimeout(r, 250))
  }
  if (options.json) printJson(io, status)
  else {
    for (const s of status.stages)
      println(
        io,
        s.status === 'cached' || s.status === 'skipped'
          ? `${s.stage}: ${s.status}`
          : `${s.stage}: ${s.status} — ${s.counts.recordsIn} in, ${s.counts.recordsOut} out, ${s.counts.recordsInvalid} invalid${s.error ? ` — ${s.error}` : ''}`,
      )
    println(
      io,
      `run ${runId}: ${status.run.status}${status.run.error ? ` — ${status.run.error}` : ''}`,
    )
  }
  return status.run.status === 'succeeded' ? ExitCode.ok : ExitCode.failed
}
