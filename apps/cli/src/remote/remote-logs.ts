import { ExitCode, RuninkError } from '@runink/core'
import { apiHerdSchema, apiLogLineSchema, pageOf, type ApiLogLine } from '@runink/protocol'
import { StoreErrors } from '@runink/store'
import { z } from 'zod'
import type { CliIo } from '../cli-io.js'
import { println } from '../output.js'
import { apiCall } from './api-call.js'
import { apiFetch } from './api-fetch.js'
import type { ServerProfile } from './profiles.js'

const herdsAnswer = z.object({ items: z.array(apiHerdSchema) })
const logPage = pageOf(apiLogLineSchema)

/** The herd of run `runId` among the herds the token sees (each asked until one has it). */
async function herdOfRun(server: ServerProfile, runId: string): Promise<string> {
  const herds = herdsAnswer.parse(await apiCall(server, 'GET', '/api/v1/herds')).items
  for (const { name } of herds) {
    try {
      await apiCall(
        server,
        'GET',
        `/api/v1/herds/${encodeURIComponent(name)}/runs/${encodeURIComponent(runId)}`,
      )
      return name
    } catch (error) {
      // Not in this herd (or hidden from this token): ask the next.
      if (!(error instanceof RuninkError && error.code === StoreErrors.RUNINK_STORE_NOT_FOUND))
        throw error
    }
  }
  throw new RuninkError(
    StoreErrors.RUNINK_STORE_NOT_FOUND,
    `no run ${runId} (server ${server.url})`,
    {
      details: { what: 'run', id: runId },
    },
  )
}

const printLine = (io: CliIo, l: ApiLogLine): void =>
  println(io, `[${l.stage}#${l.partition}.${l.attempt}] ${l.line}`)

/**
 * `runi logs <run> --server`: the run's slice logs from the server, printed as `runi logs`
 * prints them (`[stage#partition.attempt] line`); a page at a time, or with `follow` streamed
 * until the run ends.
 */
export async function remoteLogs(
  io: CliIo,
  server: ServerProfile,
  runId: string,
  options: { readonly stage?: string; readonly follow?: boolean },
): Promise<number> {
  const herd = await herdOfRun(server, runId)
  const path = `/api/v1/herds/${encodeURIComponent(herd)}/runs/${encodeURIComponent(runId)}/logs`
  const query = (more: Record<string, string>): string =>
    `?${new URLSearchParams({ ...(options.stage ? { stage: options.stage } : {}), ...more })}`
  if (options.follow) {
    const r = await apiFetch(server, `${path}${query({ follow: 'true' })}`)
    if (r.body === null) return ExitCode.ok
    const decoder = new TextDecoder()
    let rest = ''
    for await (const chunk of r.body) {
      const lines = (rest + decoder.decode(chunk, { stream: true })).split('\n')
      rest = lines.pop() ?? ''
      for (const line of lines) if (line) printLine(io, apiLogLineSchema.parse(JSON.parse(line)))
    }
    return ExitCode.ok
  }
  let cursor: string | null = null
  do {
    const page = logPage.parse(
      await apiCall(server, 'GET', `${path}${query(cursor ? { cursor } : {})}`),
    )
    for (const l of page.items) printLine(io, l)
    cursor = page.next_cursor
  } while (cursor !== null)
  return ExitCode.ok
}
